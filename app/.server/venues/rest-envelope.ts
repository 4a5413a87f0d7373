// The `{code, message, data}` wrapper that Bybit, KuCoin, Bitget and CoinEx put around every REST
// answer, HTTP 200 included: one code means success, any other is the venue saying no. Each venue
// names the three fields its own way and types them a little differently, so it describes its
// envelope once and gets back the function that unwraps it. Pure.
import { z } from 'zod';
import { VenueError, type VenueId } from '~/.server/market/types';
import { parseBody } from '~/.server/venues/http';

export interface CodeEnvelopeFormat {
  venue: VenueId;
  /** Field names as the venue spells them; the code field's name also labels the code in errors. */
  codeField: string;
  messageField: string;
  dataField: string;
  /** The code as the venue types it (a number, or text or a number). */
  code: z.ZodType<string | number, z.ZodTypeDef, unknown>;
  /** The message as the venue types it (optional, or also null). */
  message: z.ZodType<string | null | undefined, z.ZodTypeDef, unknown>;
  /** The success code, compared as text: KuCoin and Bitget send `"200000"`/`"00000"`, Bybit and CoinEx `0`. */
  okCode: string;
}

/** `(body, what) → data`: ParseError when the envelope is malformed, VenueError (status 200) for a refusal. */
export type EnvelopeUnwrapper = (body: unknown, what: string) => unknown;

export function codeEnvelopeUnwrapper(format: CodeEnvelopeFormat): EnvelopeUnwrapper {
  const { venue, codeField, messageField, dataField } = format;
  const schema = z
    .object({ [codeField]: format.code, [messageField]: format.message, [dataField]: z.unknown() })
    .passthrough();
  return (body, what) => {
    const env = parseBody(venue, schema, body, what) as Record<string, unknown>;
    const code = String(env[codeField]);
    if (code !== format.okCode) {
      const message = env[messageField] as string | null | undefined;
      throw new VenueError(venue, 200, `${message || 'error'} (${codeField} ${code})`);
    }
    return env[dataField];
  };
}
