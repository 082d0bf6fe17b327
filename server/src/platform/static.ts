import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

/** Vite names what it builds under assets/ by content hash: such a file never changes. */
const HASHED = /^assets\/.+-[\w-]{8,}\.\w+$/;
const YEAR_S = 365 * 24 * 3600;

/**
 * Serves the built client: the precompressed `.br` / `.gz` the build wrote beside a file
 * (client/vite.config.ts) when the browser accepts it, the file itself otherwise; hashed
 * names cached for a year (`immutable`), other files for an hour. The file list is read once
 * at start (the build does not change under a running server), so a request never touches
 * the disk for a name that is not there, and no path can leave the folder.
 */
export function serveClient(clientDir: string): RequestHandler {
  const files = new Set(
    (readdirSync(clientDir, { recursive: true }) as string[])
      .map((name) => name.split(path.sep).join('/'))
      .filter((name) => statSync(path.join(clientDir, name)).isFile()),
  );
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let name: string;
    try {
      name = decodeURIComponent(req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    if (!files.has(name) || name.endsWith('.br') || name.endsWith('.gz')) return next();
    const variants = (['br', 'gzip'] as const).filter((encoding) => files.has(`${name}.${encoding === 'br' ? 'br' : 'gz'}`));
    const encoding = variants.length ? req.acceptsEncodings(...variants) : false;
    res.type(path.extname(name));
    res.set('Cache-Control', HASHED.test(name) ? `public, max-age=${YEAR_S}, immutable` : 'public, max-age=3600');
    if (variants.length) res.vary('Accept-Encoding');
    let file = name;
    if (encoding === 'br' || encoding === 'gzip') {
      res.set('Content-Encoding', encoding);
      file = `${name}.${encoding === 'br' ? 'br' : 'gz'}`;
    }
    res.sendFile(file, { root: clientDir, dotfiles: 'deny', cacheControl: false }, (err) => {
      if (err) next(err);
    });
  };
}
