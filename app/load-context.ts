// Types the load context every loader and action receives (built once in server.ts).
import type { Services } from './.server/services';

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: Services;
  }
}

export {};
