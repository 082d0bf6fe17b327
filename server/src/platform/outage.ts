/**
 * Is this error the database or Redis not answering (down, restarting, the connection cut)
 * rather than a bug? Then the request may simply be sent again: HTTP answers 503
 * `unavailable` and socket acks `unavailable` (README, "The API"), never 500 `internal`.
 *
 * Recognised: network errors of mysql2 and ioredis, mysql2's `fatal` (connection-level)
 * errors, the server shutting down or killing the connection, ioredis giving up on a command
 * (MaxRetriesPerRequestError, a closed connection) and TypeORM used while not connected.
 * TypeORM wraps driver errors (`driverError`); ours may wrap them too (`cause`).
 */
const CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
]);
const NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError', 'ConnectionIsNotSetError', 'CannotExecuteNotConnectedError']);
const MESSAGES = [/^Connection is closed\.?$/, /Stream isn't writeable/, /Pool is closed/, /connection is in closed state/i, /^Connection lost/];

export function isOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; fatal?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && CODES.has(e.code)) return true;
  if (e.fatal === true) return true;
  if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  return isOutage(e.driverError, depth + 1) || isOutage(e.cause, depth + 1);
}

export const OUTAGE_MESSAGE = 'The database or Redis is not answering right now; please try again shortly';
