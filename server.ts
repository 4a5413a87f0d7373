// Entry point: read config, build services, serve HTTP and /ws, stop in order on a signal.
// Start-up failures print one line and exit 1 (no stack trace for a bad setting).
import { ConfigError, loadConfig } from '~/.server/config';
import { startApp } from '~/.server/http/start-app';
import { createLogger } from '~/.server/logger';
import { StartupError } from '~/.server/services';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  let app;
  try {
    app = await startApp(config, log);
  } catch (err) {
    if (err instanceof StartupError || (err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const stop = (signal: string) => {
    void app.shutdown(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
