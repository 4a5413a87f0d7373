// GET|POST /api/proxy/kucoin-token/ — KuCoin Futures' public bullet token (WS endpoint, token,
// ping interval), passed through for browser clients that connect to KuCoin directly.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { apiError, apiHandler, jsonResponse } from '~/.server/http/api';
import { isVenueFailure } from '~/.server/market/types';
import { createKucoinRest } from '~/.server/venues/kucoin/rest';

async function bullet({ context }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> {
  const urls = context.services.market?.venueUrls.kucoin;
  if (!urls) throw apiError(503, { detail: 'market data is not running' });
  try {
    const body = await createKucoinRest({ restUrl: urls.restUrl }).fetchBulletPublic();
    return jsonResponse(body, 200, { 'Cache-Control': 'no-store' });
  } catch (err) {
    if (isVenueFailure(err)) {
      return apiError(502, { detail: 'KuCoin failed', error: err.message, exchange: 'kucoin' });
    }
    throw err;
  }
}

export const loader = apiHandler(bullet);
export const action = apiHandler(async (args: ActionFunctionArgs) => {
  if (args.request.method !== 'POST') throw apiError(405, { detail: `method ${args.request.method} not allowed` }, { Allow: 'GET, POST' });
  return bullet(args);
});
