import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './platform/config.ts';
import { createLogger } from './platform/log.ts';
import { onShutdown } from './platform/shutdown.ts';
import { connectRedis } from './platform/redis.ts';
import { prepareDatabase } from './platform/setup.ts';
import { buyerLinkSecret, sessionSecret } from './modules/settings/settings.service.ts';
import { signedBuyerUrl } from './modules/chat/chat.identity.ts';
import { DEMO_BUYERS } from './modules/orders/orders.seed.ts';
import { DEMO_STAFF } from './modules/staff/staff.seed.ts';

import { createApp } from './app.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('server', config.logLevel);
  const clock = () => new Date();
  const { db, seeded } = await prepareDatabase(config, { seed: true, clock });
  const redis = await connectRedis(config.redisUrl, { name: 'server' });
  const redisSub = await connectRedis(config.redisUrl, { name: 'server-sub' });
  const secret = await sessionSecret(db, config.sessionSecret, clock());
  const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');
  const linkSecret = await buyerLinkSecret(db, config.buyerLinkSecret, clock());
  const { http, io, chat } = createApp({ config, db, redis, redisSub, sessionSecret: secret, buyerLinkSecret: linkSecret, clock, log, clientDir });

  const server = createServer(http);
  io.attach(server);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('listening', { url: `http://localhost:${port}/`, seeded });
  if (process.env.KEFU_QUIET_BANNER !== '1') {
    console.log(`\n  客服控制台 Kefu console:  http://localhost:${port}/`);
    const password = process.env.DEMO_PASSWORD ? 'the DEMO_PASSWORD you set' : config.demoPassword;
    console.log(`  演示账号 Demo logins, password ${password}${seeded ? '' : ' (unless changed since the first start)'}:`);
    for (const person of DEMO_STAFF) console.log(`    ${person.username.padEnd(11)} ${person.displayName}  ${person.roles.join(', ')}`);
    console.log(`  买家聊天 Buyer chat, anonymous visitor:  http://localhost:${port}/chat`);
    const hours = Math.round(config.buyerLinkMaxAgeSeconds / 3600);
    console.log(`  演示买家 Demo buyers (signed links, valid ${hours} h; 小鹿买鞋 has a parcel on its way, so after-sale answers):`);
    for (const buyerId of DEMO_BUYERS) console.log(`    ${buyerId}  ${signedBuyerUrl(`http://localhost:${port}/`, linkSecret, buyerId, clock())}`);
    console.log('');
  }

  onShutdown(log, SHUTDOWN_DEADLINE_MS, async () => {
    chat.beginShutdown();
    await io.close(); // closes every socket and the HTTP server
    await chat.messages.drain(); // commit what was received; the senders resend for their acks
    await Promise.allSettled([db.destroy(), redis.quit(), redisSub.quit()]);
  });
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('The server could not start:', err);
  process.exit(1);
});
