import { ConfigError, loadConfig } from '@kefu/server/platform/config';
import { createLogger } from '@kefu/server/platform/log';
import { onShutdown } from '@kefu/server/platform/shutdown';
import { startWorkers } from './workers.ts';
import { testHooksFromEnv } from './test-hooks.ts';

const SHUTDOWN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('workers', config.logLevel);
  const running = await startWorkers(config, log, { hooks: testHooksFromEnv(process.env) });
  log.info('workers ready', { queues: running.queues, prefix: config.redisPrefix, pid: process.pid });

  onShutdown(log, SHUTDOWN_DEADLINE_MS, () => running.close());
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('The workers could not start:', err);
  process.exit(1);
});
