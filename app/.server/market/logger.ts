// The logging seam of the market layer. The shape matches `AppLogger` in `~/.server/logger`
// (message first, structured fields second), so the app's logger can be passed in as is.
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

function line(msg: string, fields?: LogFields): string {
  return fields && Object.keys(fields).length ? `${msg} ${JSON.stringify(fields)}` : msg;
}

/** Writes to the console; for scripts and local runs before the app logger is wired in. */
export const consoleLogger: Logger = {
  debug: (msg, fields) => console.debug(line(msg, fields)),
  info: (msg, fields) => console.info(line(msg, fields)),
  warn: (msg, fields) => console.warn(line(msg, fields)),
  error: (msg, fields) => console.error(line(msg, fields)),
};

/** Drops everything; tests use it so that a console.error stays a bug signal. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
