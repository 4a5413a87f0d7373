// Structured one-line logs. Fields whose names look secret are redacted before anything is
// written, so a password or API key passed by mistake never reaches the log.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface AppLogger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): AppLogger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|private|api_?key|token|authorization|cookie|signature/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(
  opts: { level?: LogLevel; bindings?: LogFields; write?: (line: string, level: LogLevel) => void } = {},
): AppLogger {
  const min = ORDER[opts.level ?? 'info'];
  const bindings = opts.bindings ?? {};
  const write =
    opts.write ??
    ((line: string, level: LogLevel) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n'));
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const extra = redact({ ...bindings, ...fields }) as LogFields;
    const tail = Object.keys(extra).length ? ' ' + JSON.stringify(extra) : '';
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${tail}`, level);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (b) => createLogger({ ...opts, bindings: { ...bindings, ...b } }),
  };
}
