import { ConfigError, loadConfig } from '@kefu/server/platform/config';
import { createLogger } from '@kefu/server/platform/log';
import { startWorkers } from './workers.ts';

const SHUTDOWN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('workers', config.logLevel);
  const running = await startWorkers(config, log);
  log.info('workers ready', { queues: running.queues, prefix: config.redisPrefix, pid: process.pid });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('workers shutting down', { signal });
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    await running.close();
    clearTimeout(deadline);
    log.info('workers stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('The workers could not start:', err);
  process.exit(1);
});
