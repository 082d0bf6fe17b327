// Compiles the server, the workers and `npm start`'s launcher to JavaScript (esbuild), so
// production runs plain `node` and tsx stays a development tool. Our own workspaces
// (@kefu/*, published as TypeScript source) are bundled in; every other package stays in
// node_modules and is imported at run time. Output: dist/{server,workers,scripts}/*.js —
// two levels below the root, like the sources, so paths relative to the file still hold.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bare imports other than @kefu/* are left to node_modules. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@kefu/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: {
    'server/main': 'server/src/main.ts',
    'workers/main': 'workers/src/main.ts',
    'scripts/start': 'scripts/start.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});
console.log(`server, workers and launcher compiled to dist/ in ${Date.now() - started} ms`);
