import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every answer (issue 12), with helmet rather than by hand:
 * - CSP: scripts, styles, fonts, connections only from the console itself; no inline script
 *   (the built client has none: the shop's zone travels in a `<meta>`, not a script);
 *   images also from `data:` and `blob:` (previews of a picked image before it is uploaded).
 *   No `upgrade-insecure-requests`: a shop may run the console over plain HTTP on its LAN.
 * - framing: `frame-ancestors 'none'` and `X-Frame-Options: DENY` (no clickjacking of the
 *   logged-in console by a same-site page).
 * - `nosniff`, `Referrer-Policy: same-origin` (our own requests keep their Referer, which the
 *   CSRF check may read; console addresses do not leak to other sites).
 * - HSTS only on answers that went over HTTPS: over plain HTTP the header means nothing to a
 *   browser, and sending it from a LAN address would only confuse.
 */
export function securityHeaders(): RequestHandler[] {
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 60 * 60, includeSubDomains: true });
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: false,
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}
