// `npm run db:migrate`: apply migrations to DATABASE_URL (or the embedded database) and exit.
// The server also migrates at start; this is for deploy pipelines that migrate first.
import { ConfigError, loadConfig } from '~/.server/config';
import { createLogger } from '~/.server/logger';
import { createServices, StartupError } from '~/.server/services';

try {
  const config = loadConfig();
  const services = await createServices(config, createLogger({ level: config.logLevel }), { startWorker: false, startMarket: false });
  await services.close();
} catch (err) {
  if (err instanceof ConfigError || err instanceof StartupError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
