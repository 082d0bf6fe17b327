/**
 * Error codes shared by server and client. The server maps each code to an HTTP status
 * in one place (`httpStatusOf`); every error body is `{ error: { code, message, details? } }`.
 */
export const ERROR_CODES = [
  'bad_json',
  'invalid',
  'unauthenticated',
  'forbidden',
  /** A state-changing request or a socket from a page that is not the console (issue 12). */
  'csrf',
  'not_found',
  'conflict',
  'locked',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad_json':
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'csrf':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'locked':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

/** An error a request or a job can end with; carries its code, a message for people, details for tools. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
