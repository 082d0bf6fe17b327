import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { AppError } from '@kefu/shared/errors';

/**
 * Cross-site request forgery and WebSocket hijacking (issue 12).
 *
 * SameSite=Lax cookies stop other *sites*, but a page on another port of the same host, or
 * on a sibling subdomain, is the same site and its forms still carry our cookies. So every
 * state-changing request must prove it comes from the console itself:
 *  1. its `Origin` (or, when a browser left that out, its `Referer`) is one of the console's
 *     own origins: `PUBLIC_ORIGIN`, or when that is unset the host the request was sent to;
 *  2. and it has a JSON content type or the console's own header `X-Kefu-Request` — neither
 *     of which an HTML form can send, and which another origin can only send after a CORS
 *     preflight we never answer.
 * A request with neither `Origin` nor `Referer` is a script or an integration (browsers
 * always send `Origin` on a cross-origin POST); rule 2 still applies to it.
 */
export const CONSOLE_HEADER = 'x-kefu-request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginPolicy {
  /** The console's origins (`https://kefu.example.com`); empty: the request's own host. */
  publicOrigins: readonly string[];
  trustProxy: boolean;
}

/** Whether `origin` (an Origin header, or the origin of a Referer) is the console's own. */
export function isOwnOrigin(origin: string, ownHost: string | undefined, publicOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:), garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (publicOrigins.length > 0) return publicOrigins.includes(url.origin);
  return ownHost !== undefined && url.host === ownHost.toLowerCase();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one?.split(',')[0]?.trim() || undefined;
}

/** The host the browser addressed: the Host header, or the proxy's X-Forwarded-Host when trusted. */
export function requestedHost(req: IncomingMessage, trustProxy: boolean): string | undefined {
  return (trustProxy ? firstHeader(req.headers['x-forwarded-host']) : undefined) ?? firstHeader(req.headers.host);
}

function claimedOrigin(req: IncomingMessage): string | undefined {
  const origin = firstHeader(req.headers.origin);
  if (origin !== undefined) return origin;
  const referer = firstHeader(req.headers.referer);
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function isJson(req: Request): boolean {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** Express middleware: refuses a state-changing request that does not come from the console (403 `csrf`). */
export function csrfGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = claimedOrigin(req);
    if (origin !== undefined && !isOwnOrigin(origin, requestedHost(req, policy.trustProxy), policy.publicOrigins)) {
      throw new AppError('csrf', 'This request came from a page that is not the console', { reason: 'foreign_origin', origin });
    }
    if (!isJson(req) && req.headers[CONSOLE_HEADER] === undefined) {
      throw new AppError('csrf', 'A request that changes something must be sent as application/json or with the X-Kefu-Request header', { reason: 'console_header_missing' });
    }
    next();
  };
}

/**
 * Socket.IO's `allowRequest`: a handshake from a foreign origin is refused; one without an
 * Origin (Node clients, the benchmarks) is accepted and still needs its session cookie.
 */
export function socketOriginCheck(policy: OriginPolicy) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const origin = firstHeader(req.headers.origin);
    if (origin === undefined || isOwnOrigin(origin, requestedHost(req, policy.trustProxy), policy.publicOrigins)) callback(null, true);
    else callback('csrf', false);
  };
}
