import type { Logger } from './log.ts';

/**
 * On SIGTERM or SIGINT, runs `close` once, then exits 0; a close that hangs past the
 * deadline exits 1 (STYLE.md habit 7).
 */
export function onShutdown(log: Logger, deadlineMs: number, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    try {
      await close();
    } catch (err) {
      log.error('shutdown failed', { err: String(err) });
      process.exit(1);
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
