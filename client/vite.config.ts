import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const server = 'http://127.0.0.1:3000';
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes `<file>.br` and `<file>.gz` beside every text asset of the build, compressed once
 * at the highest levels, so the server sends them as they are (server/src/platform/static.ts)
 * instead of compressing on each request or not at all. Files under 1 KB are left alone.
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'kefu-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).map((name) => path.join(outDir, name));
      await Promise.all(
        files
          .filter((file) => COMPRESSIBLE.test(file))
          .map(async (file) => {
            if ((await stat(file)).size < 1024) return;
            const body = await readFile(file);
            await writeFile(`${file}.br`, await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
            await writeFile(`${file}.gz`, await gz(body, { level: 9 }));
          }),
      );
    },
  };
}

// In development Vite serves the client and forwards the API and Socket.IO to the
// server; in production the server serves client/dist itself on one port.
export default defineConfig({
  plugins: [react(), precompress(path.resolve(import.meta.dirname, 'dist'))],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
