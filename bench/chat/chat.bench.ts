/**
 * bench/chat — N buyers and A agents over real Socket.IO connections.
 *
 *   npm run bench:chat                       # 2000 buyers, 20 agents, 500 msg/s for 10 s, then the ceiling for 10 s
 *   BENCH_BUYERS=500 BENCH_SECONDS=5 npm run bench:chat
 *
 * Two targets, each its own process (the load generator is this process):
 * - the bare relay (baseline): Socket.IO with its in-memory adapter, no storage, no checks:
 *   a buyer's `message:send` is acked at once and relayed to the buyer's agent;
 * - the console's real server (`server/src/main.ts`) against a fresh MariaDB database and
 *   Redis prefix: buyer cookies, zod validation, per-socket limits, the Redis adapter,
 *   routing, and every message committed before its ack.
 * For each: a fixed-rate phase (BENCH_RATE msg/s spread over the buyers) and a ceiling phase
 * (every buyer sends its next message as soon as the previous one is acked). Latency is
 * end to end: from the buyer's emit to the agent's `message:new` for that message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BUYERS = Number(process.env.BENCH_BUYERS ?? 2000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MYSQL = process.env.BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-password-1';

// ---- the bare relay (a child process of this script) --------------------------------------

/**
 * What the relay acks and relays. By default the same shapes the console sends (docs/chat.md):
 * the buyer's ack carries a `BuyerMessage`, the agent gets a `ChatMessage`, so the load
 * generator receives and decodes the same bytes per message from both targets. With
 * BENCH_RELAY_PAYLOAD=small, the relay's earlier payload (`{ clientId, text, seq, createdAt }`
 * both ways, about half the bytes), to compare with older figures.
 */
const RELAY_PAYLOAD = process.env.BENCH_RELAY_PAYLOAD === 'small' ? 'small' : 'console';

async function relayServer(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  let id = 0;
  io.of('/agent').on('connection', (socket) => {
    void socket.join(`agent:${socket.handshake.auth.agent}`);
  });
  io.of('/buyer').on('connection', (socket) => {
    const agent = Number(socket.handshake.auth.agent);
    const conversationId = Number(socket.handshake.auth.buyer) + 1;
    let seq = 0;
    socket.on('message:send', (payload: { clientId: string; text: string }, ack: (r: unknown) => void) => {
      const createdAt = new Date().toISOString();
      if (RELAY_PAYLOAD === 'small') {
        const message = { clientId: payload.clientId, text: payload.text, seq: ++seq, createdAt };
        ack({ message });
        io.of('/agent').to(`agent:${agent}`).emit('message:new', { message });
        return;
      }
      const { clientId, text } = payload;
      ++seq;
      ack({ message: { conversationId, seq, clientId, from: 'buyer', senderName: null, kind: 'text', text, imageId: null, createdAt } });
      const message = { id: ++id, conversationId, seq, clientId, sender: 'buyer', staffId: null, staffName: null, kind: 'text', text, imageId: null, cannedStep: null, createdAt, answeredAt: null, answeredBy: null };
      io.of('/agent').to(`agent:${agent}`).emit('message:new', { message });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`RELAY_PORT ${(http.address() as AddressInfo).port}\n`);
}

// ---- load generation ------------------------------------------------------------------

interface Target {
  name: string;
  buyers: Socket[];
  agents: Socket[];
  /** The first message of each buyer (the real server opens and routes the conversation). */
  warmUp(): Promise<void>;
}

interface PhaseResult {
  phase: string;
  sent: number;
  acked: number;
  delivered: number;
  errors: Record<string, number>;
  perSecond: number;
  e2e: { p50: number; p99: number; max: number };
  ack: { p50: number; p99: number };
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

async function runPhase(target: Target, phase: 'fixed' | 'ceiling'): Promise<PhaseResult> {
  const sentAt = new Map<string, number>();
  const e2e: number[] = [];
  const acks: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let acked = 0;
  let delivered = 0;
  let running = true;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  const onDelivered = (payload: { message: { clientId: string } }) => {
    const t0 = sentAt.get(payload.message.clientId);
    if (t0 === undefined) return;
    sentAt.delete(payload.message.clientId);
    delivered++;
    e2e.push(performance.now() - t0);
  };
  for (const agent of target.agents) agent.on('message:new', onDelivered);

  const send = (buyer: Socket, then?: () => void) => {
    const clientId = randomUUID();
    const t0 = performance.now();
    sentAt.set(clientId, t0);
    sent++;
    buyer.timeout(30_000).emit('message:send', { clientId, text: `bench ${sent}` }, (err: Error | null, reply: { message?: unknown; error?: { code: string } }) => {
      if (err || !reply?.message) {
        const code = err ? 'timeout' : (reply?.error?.code ?? 'unknown');
        errors[code] = (errors[code] ?? 0) + 1;
        sentAt.delete(clientId);
      } else {
        acked++;
        acks.push(performance.now() - t0);
      }
      then?.();
    });
  };

  if (phase === 'fixed') {
    // Every 10 ms, RATE/100 messages from buyers taken in turn.
    let next = 0;
    let carry = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (performance.now() >= end) {
          clearInterval(timer);
          resolve();
          return;
        }
        carry += RATE / 100;
        while (carry >= 1) {
          carry -= 1;
          send(target.buyers[next++ % target.buyers.length]!);
        }
      }, 10);
    });
  } else {
    await new Promise<void>((resolve) => {
      for (const buyer of target.buyers) {
        const loop = () => {
          if (running && performance.now() < end) send(buyer, loop);
        };
        loop();
      }
      setTimeout(() => {
        running = false;
        resolve();
      }, SECONDS * 1000);
    });
  }
  const elapsed = (performance.now() - start) / 1000;
  const ackedInWindow = acked;
  // Let the stragglers land before the next phase (not counted in the rate).
  const settleUntil = performance.now() + 10_000;
  while ((acked + Object.values(errors).reduce((a, b) => a + b, 0) < sent || sentAt.size > 0) && performance.now() < settleUntil) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const agent of target.agents) agent.off('message:new', onDelivered);
  const e2eSorted = summarise(e2e);
  const ackSorted = summarise(acks);
  return {
    phase: phase === 'fixed' ? `${RATE} msg/s` : 'ceiling',
    sent,
    acked,
    delivered,
    errors,
    perSecond: ackedInWindow / elapsed,
    e2e: { p50: percentile(e2eSorted, 50), p99: percentile(e2eSorted, 99), max: e2eSorted[e2eSorted.length - 1] ?? NaN },
    ack: { p50: percentile(ackSorted, 50), p99: percentile(ackSorted, 99) },
  };
}

function waitConnected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

async function inBatches<T>(items: T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)));
}

const socketOptions = { transports: ['websocket' as const], reconnection: false, forceNew: true };

async function relayTarget(port: number): Promise<Target> {
  const url = `http://127.0.0.1:${port}`;
  const agents = Array.from({ length: AGENTS }, (_, a) => connect(`${url}/agent`, { ...socketOptions, auth: { agent: a } }));
  await Promise.all(agents.map(waitConnected));
  const buyers = Array.from({ length: BUYERS }, (_, i) => connect(`${url}/buyer`, { ...socketOptions, auth: { agent: i % AGENTS, buyer: i } }));
  await inBatches(buyers, 200, waitConnected);
  return { name: `bare Socket.IO relay (no storage${RELAY_PAYLOAD === 'small' ? ', small payload' : ''})`, buyers, agents, warmUp: async () => {} };
}

// ---- the real server ------------------------------------------------------------------

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy within 60 s');
}

async function request(url: string, method: string, pathname: string, body: unknown, cookie = ''): Promise<{ status: number; body: any; cookie: string }> {
  const res = await fetch(url + pathname, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  const set = res.headers.getSetCookie()[0];
  return { status: res.status, body: await res.json().catch(() => null), cookie: set ? set.split(';')[0]! : cookie };
}

async function realTarget(url: string): Promise<Target> {
  const supervisor = await request(url, 'POST', '/api/auth/login', { username: 'supervisor', password: PASSWORD });
  if (supervisor.status !== 200) throw new Error(`supervisor login failed: ${supervisor.status}`);
  const capacity = Math.min(100, Math.ceil(BUYERS / AGENTS) + 1);
  if (capacity * AGENTS < BUYERS) throw new Error(`${BUYERS} buyers need at least ${Math.ceil(BUYERS / 100)} agents (capacity is at most 100)`);
  await request(url, 'PUT', '/api/chat/settings', { capacity }, supervisor.cookie);
  const agents: Socket[] = [];
  await inBatches(
    Array.from({ length: AGENTS }, (_, a) => a),
    1, // one at a time: concurrent POST /api/staff can deadlock in staff_role (a foundation issue, reported)
    async (a) => {
      const username = `bench-agent-${a}`;
      const created = await request(url, 'POST', '/api/staff', { username, displayName: `客服${a}`, password: PASSWORD, roles: ['presale'], baseWageFen: 300000 }, supervisor.cookie);
      if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
      const login = await request(url, 'POST', '/api/auth/login', { username, password: PASSWORD });
      const socket = connect(url, { ...socketOptions, extraHeaders: { cookie: login.cookie } });
      await waitConnected(socket);
      agents.push(socket);
    },
  );
  // Wait until every agent is online (set by their socket connection).
  for (let tries = 0; ; tries++) {
    const presence = (await fetch(`${url}/api/chat/presence`, { headers: { cookie: supervisor.cookie } }).then((r) => r.json())) as { agents: Array<{ status: string }> };
    if (presence.agents.filter((a: { status: string }) => a.status === 'online').length >= AGENTS) break;
    if (tries > 100) throw new Error('agents did not come online');
    await new Promise((r) => setTimeout(r, 100));
  }
  const buyers: Socket[] = new Array(BUYERS);
  await inBatches(
    Array.from({ length: BUYERS }, (_, i) => i),
    100,
    async (i) => {
      const session = await request(url, 'POST', '/api/buyer-sessions', { buyerId: `bench-buyer-${i}` });
      if (session.status !== 201) throw new Error(`buyer session failed: ${session.status} ${JSON.stringify(session.body)}`);
      const socket = connect(`${url}/buyer`, { ...socketOptions, extraHeaders: { cookie: session.cookie } });
      await waitConnected(socket);
      buyers[i] = socket;
    },
  );
  return {
    name: 'console server (stored, then acked)',
    buyers,
    agents,
    warmUp: async () => {
      await inBatches(buyers, 50, async (buyer) => {
        const reply = await buyer.emitWithAck('message:send', { clientId: randomUUID(), text: '在吗' });
        if (!reply.message) throw new Error(`first message failed: ${JSON.stringify(reply)}`);
      });
      const live = (await fetch(`${url}/api/chat/conversations?scope=all`, { headers: { cookie: supervisor.cookie } }).then((r) => r.json())) as { conversations: Array<{ status: string }> };
      const queued = live.conversations.filter((c: { status: string }) => c.status === 'queued').length;
      if (queued) throw new Error(`${queued} conversations are queued: every buyer must have an agent`);
    },
  };
}

// ---- running it -----------------------------------------------------------------------

function closeAll(target: Target): void {
  for (const socket of [...target.buyers, ...target.agents]) socket.close();
}

async function measure(target: Target): Promise<PhaseResult[]> {
  await target.warmUp();
  const results: PhaseResult[] = [];
  for (const phase of ['fixed', 'ceiling'] as const) {
    process.stdout.write(`  ${target.name}: ${phase}…\n`);
    results.push(await runPhase(target, phase));
  }
  return results;
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const profile = args[0] === 'server/src/main.ts' && process.env.BENCH_SERVER_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  return spawn(process.execPath, [...profile, ...process.execArgv, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main(): Promise<void> {
  console.log(`bench/chat: ${BUYERS} buyers, ${AGENTS} agents, ${RATE} msg/s fixed phase, ${SECONDS} s per phase`);
  const all: Array<{ target: string; results: PhaseResult[] }> = [];

  // 1. The bare relay.
  const relay = spawnChild([fileURLToPath(import.meta.url), '--relay-server'], {});
  try {
    const port = await new Promise<number>((resolve, reject) => {
      relay.stdout!.on('data', (chunk: Buffer) => {
        const match = /RELAY_PORT (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      relay.once('exit', (code) => reject(new Error(`relay exited ${code}`)));
    });
    const target = await relayTarget(port);
    all.push({ target: target.name, results: await measure(target) });
    closeAll(target);
  } finally {
    await stop(relay);
  }

  // 2. The real server on a fresh database.
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `kefu_bench_chat_${id}`;
  const prefix = `kefubench_${id}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnChild(['server/src/main.ts'], {
    DATABASE_URL: `${MYSQL}/${database}`,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    DEMO_PASSWORD: PASSWORD,
    BUYER_SESSION_LIMIT: '1000000',
    UPLOAD_DIR: path.join(os.tmpdir(), `kefu_bench_uploads_${id}`),
    LOG_LEVEL: 'warn',
    KEFU_QUIET_BANNER: '1',
  });
  server.stdout!.resume();
  try {
    await waitHealthy(url, server);
    const target = await realTarget(url);
    all.push({ target: target.name, results: await measure(target) });
    const check = await mysql.createConnection(`${MYSQL}/${database}`);
    const [[row]] = (await check.query('SELECT COUNT(*) AS n, COUNT(DISTINCT client_id) AS d FROM chat_message')) as unknown as [[{ n: number; d: number }]];
    await check.end();
    console.log(`  stored messages: ${row.n} (distinct client ids: ${row.d})`);
    closeAll(target);
  } finally {
    await stop(server);
    const admin = await mysql.createConnection(MYSQL);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }

  const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  console.log('');
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`);
  console.log('| target | phase | msg/s (acked) | e2e p50 ms | e2e p99 ms | e2e max ms | ack p50 ms | ack p99 ms | sent | delivered | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const { target, results } of all) {
    for (const r of results) {
      console.log(
        `| ${target} | ${r.phase} | ${Math.round(r.perSecond).toLocaleString('en')} | ${fmt(r.e2e.p50)} | ${fmt(r.e2e.p99)} | ${fmt(r.e2e.max)} | ${fmt(r.ack.p50)} | ${fmt(r.ack.p99)} | ${r.sent} | ${r.delivered} | ${JSON.stringify(r.errors)} |`,
      );
    }
  }
  const relayCeiling = all[0]!.results[1]!.perSecond;
  const realCeiling = all[1]?.results[1]?.perSecond ?? 0;
  console.log(`\nceiling: console / bare relay = ${fmt(realCeiling / relayCeiling, 2)}`);
  process.exit(0);
}

if (process.argv.includes('--relay-server')) {
  await relayServer();
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
