// Types the load context every loader and action receives (built once in server.ts).
// Note: services come from server.ts's module graph while routes run from the Remix build, so
// a class can exist twice in one process — check errors from services by `name`, not `instanceof`
// (see isVenueFailure in app/.server/market/types.ts).
import type { Services } from './.server/services';

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: Services;
  }
}

export {};
