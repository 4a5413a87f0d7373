// The HTTP server: Remix (Vite middleware in development, build/ in production), /healthz,
// the /ws upgrade, and an orderly shutdown.
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../config';
import type { AppLogger } from '../logger';
import { clientIpFrom } from '../auth/client-ip';
import { foreignOrigin } from '../auth/csrf';
import { checkHealth, createServices, type Services } from '../services';
import { createUpgradeHandler } from './ws-upgrade';

export interface RunningApp {
  server: Server;
  services: Services;
  url: string;
  shutdown(reason: string): Promise<void>;
}

/**
 * No file lives under /api/: its requests skip the static handlers, which would otherwise cost each
 * one two fs.stat calls and two ENOENT errors (with stack traces) before Remix sees it.
 */
function unlessApi(handler: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => (req.path.startsWith('/api/') ? next() : handler(req, res, next));
}

async function loadBuild(config: AppConfig, app: express.Express): Promise<() => Promise<ServerBuild>> {
  if (config.env === 'development') {
    const vite = await import('vite');
    const devServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    return () => devServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  }
  const buildDir = path.resolve('build');
  // No index files exist (pages are rendered by Remix): `index: false` saves two fs.stat calls per
  // request for every URL ending in a slash.
  app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y', index: false }));
  app.use(unlessApi(express.static(path.join(buildDir, 'client'), { maxAge: '1h', index: false })));
  app.use(unlessApi(express.static('public', { maxAge: '1h', index: false })));
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  return async () => build;
}

export async function startApp(config: AppConfig, log: AppLogger): Promise<RunningApp> {
  const services = await createServices(config, log);
  const app = express();
  app.disable('x-powered-by');
  app.use(compression());

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth(services);
    res.status(health.ok ? 200 : 503).json(health.body);
  });

  // Cross-site posts are refused before Remix sees them (Remix itself would answer an empty 500).
  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (req.path.startsWith('/api/') && req.headers.authorization) return next();
    const headers = new Headers();
    for (const name of ['origin', 'referer', 'host', 'x-forwarded-host']) {
      const v = req.headers[name];
      if (typeof v === 'string') headers.set(name, v);
    }
    const foreign = foreignOrigin(new Request(`http://localhost${req.originalUrl}`, { method: req.method, headers }), config.trustProxy);
    if (foreign === null) return next();
    log.warn('refused a cross-site request', { method: req.method, path: req.path, origin: foreign });
    if (req.path.startsWith('/api/')) {
      res.status(403).json({ detail: `CSRF Failed: Origin checking failed - ${foreign} does not match any trusted origins.` });
    } else {
      res.status(403).type('text/plain').send('This form was sent from another site, so it was refused.');
    }
  });

  const getBuild = await loadBuild(config, app);
  app.all(
    '*',
    createRequestHandler({
      build: getBuild,
      getLoadContext: (req) => ({
        services,
        clientIp: clientIpFrom({
          remoteAddress: req.socket.remoteAddress,
          forwardedFor: req.headers['x-forwarded-for'],
          trustProxy: config.trustProxy,
        }),
      }),
    }),
  );

  const server = createServer(app);
  const hub = services.market?.hub;
  const sockets = createUpgradeHandler((ws, req) => {
    if (hub) hub.handleConnection(ws, req);
    else ws.close(1013, 'market data is not running');
  });
  server.on('upgrade', sockets.handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  log.info(`listening on ${url}`, { env: config.env });

  let closing: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    closing ??= (async () => {
      log.info('shutting down', { reason });
      const timer = setTimeout(() => {
        log.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of sockets.wss.clients) ws.close(1001, 'server shutting down');
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
      await closed;
      await services.close();
      clearTimeout(timer);
      log.info('stopped');
    })();
    return closing;
  };
  return { server, services, url, shutdown };
}
