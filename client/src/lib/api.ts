import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@kefu/shared/errors';

/** `network` when the server could not be reached or did not answer with our error shape. */
export type ApiErrorCode = ErrorCode | 'network';

/** An API call that failed; carries the server's `{error: {code, message, details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string' &&
    (ERROR_CODES as readonly unknown[]).includes((error as { code?: unknown }).code)
  );
}

let onSessionLost: (() => void) | undefined;

/**
 * Called when a request made with a session answers 401: the session expired, the account
 * was disabled, or the same account logged in elsewhere (one account, one person).
 */
export function setSessionLostHandler(handler: (() => void) | undefined): void {
  onSessionLost = handler;
}

/** Tells the console its session is gone, as a 401 would (a socket's `session:ended`). */
export function reportSessionLost(): void {
  onSessionLost?.();
}

/** A body sent as it is (an uploaded image) instead of as JSON. */
interface RawBody {
  raw: Blob;
  contentType: string;
}

async function request<T>(method: string, path: string, body?: unknown, raw?: RawBody): Promise<T> {
  let response: Response;
  try {
    // The console's own header: the server refuses state-changing requests without it or a
    // JSON body (403 `csrf`), which no form on another page can send.
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Kefu-Request': '1' };
    if (raw) headers['Content-Type'] = raw.contentType;
    else if (body !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(path, {
      method,
      credentials: 'include',
      headers,
      body: raw ? raw.raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }

  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    // The auth endpoints answer 401 as part of their normal work (wrong password, not
    // logged in yet); anywhere else a 401 means the session is gone.
    // Buyers have no staff session to lose: their 401 is the buyer page's own business.
    if (response.status === 401 && !path.startsWith('/api/auth/') && !path.startsWith('/api/buyer')) onSessionLost?.();
    if (isErrorBody(parsed)) {
      throw new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details);
    }
    throw new ApiError(response.status, 'network', `${response.status} ${response.statusText}`.trim());
  }
  if (response.status !== 204 && parsed === undefined) {
    throw new ApiError(response.status, 'network', `${method} ${path} did not answer with JSON`);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  /** Posts a file's bytes as the body (the server sniffs the type from the content). */
  upload: <T>(path: string, file: Blob, contentType?: string) =>
    request<T>('POST', path, undefined, { raw: file, contentType: contentType ?? (file.type || 'application/octet-stream') }),
};
