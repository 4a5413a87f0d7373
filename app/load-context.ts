// Types the load context every loader and action receives (built in server.ts per request).
// Note: services come from server.ts's module graph while routes run from the Remix build, so
// a class can exist twice in one process — check errors from services by `name`, not `instanceof`
// (see isVenueFailure in app/.server/market/types.ts).
import type { Services } from './.server/services';

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: Services;
    /** The caller's address (socket peer, or the trusted proxy's X-Forwarded-For entry): login limits key on it. */
    clientIp: string;
  }
}

export {};
