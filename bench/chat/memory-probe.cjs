// Preloaded (--require) into bench/chat's child processes, started with --expose-gc: on
// SIGUSR2, two full garbage collections, then process.memoryUsage() written to
// BENCH_MEMORY_FILE (written aside, then renamed: the bench never reads half a file).
const { renameSync, writeFileSync } = require('node:fs');

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  });
}
