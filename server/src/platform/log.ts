import { destination, multistream, pino, type Logger as Pino } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The same logger with fields on every line (a request id, a queue). */
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Structured logs with pino: one JSON line per event, the same fields as before —
 * `{"t":"<ISO time>","level":"info","name":"server","msg":"…", …fields}` — debug and info
 * on stdout, warn and error on stderr. Written synchronously, so the last line before an
 * exit (`stopped`) is never lost. The level comes from LOG_LEVEL.
 */
export function createLogger(name: string, level: Level = 'info'): Logger {
  const streams = multistream(
    [
      { level: 'debug', stream: destination({ dest: 1, sync: true }) },
      { level: 'warn', stream: destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
  const root = pino(
    {
      level,
      base: { name },
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    streams,
  );
  return wrap(root);
}

function wrap(logger: Pino): Logger {
  // The message goes first in the object so it is written before the fields, as before.
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => logger[level]({ msg: message, ...fields });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(logger.child(fields)),
  };
}
