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
import { readFile, rm } from 'node:fs/promises';
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
/** Which parts run (comma-separated): throughput (the two phases), memory (connected buyers), handover (reassignment). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'throughput,memory,handover').split(',').map((part) => part.trim()));
const MEMORY_BUYERS = Number(process.env.BENCH_MEMORY_BUYERS ?? 10_000);
/** The hand-over grace period the handover part sets (seconds; the console's default is 60). */
const GRACE = Number(process.env.BENCH_GRACE ?? 5);
const HANDOVER_RUNS = Number(process.env.BENCH_HANDOVER_RUNS ?? 5);
/** New buyers per hand-over run, spread over the three agents (the capacity is raised to fit them all after the hand-over). */
const HANDOVER_BUYERS = Number(process.env.BENCH_HANDOVER_BUYERS ?? 3);
const MEMORY_PROBE = path.join(HERE, 'memory-probe.cjs');

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

// A generous connection timeout: 10,000 handshakes on a loaded 2-core machine can take longer than the default 20 s each.
const socketOptions = { transports: ['websocket' as const], reconnection: false, forceNew: true, timeout: 120_000 };

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
  // Generous: a fresh database's migrations under tsx take over a minute on a loaded machine.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become healthy within 300 s');
}

async function request(url: string, method: string, pathname: string, body: unknown, cookie = ''): Promise<{ status: number; body: any; cookie: string }> {
  const send = () => fetch(url + pathname, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  // A keep-alive connection the server closed just as it was reused ("other side closed"):
  // the request never reached the server, so it is sent again (seen under heavy load).
  const res = await send().catch((err: { cause?: { code?: string } }) => {
    if (err.cause?.code !== 'UND_ERR_SOCKET') throw err;
    return send();
  });
  // Every cookie set (a buyer session sets kefu.buyer and kefu.visitor), kept as one Cookie header.
  const set = res.headers.getSetCookie().map((one) => one.split(';')[0]!);
  return { status: res.status, body: await res.json().catch(() => null), cookie: set.length ? set.join('; ') : cookie };
}

interface ConsoleAgent {
  socket: Socket;
  cookie: string;
  username: string;
  displayName: string;
}

/** Logs in the supervisor and sets the chat settings the run needs. */
async function supervisorOf(url: string, settings: Record<string, number>): Promise<string> {
  const supervisor = await request(url, 'POST', '/api/auth/login', { username: 'supervisor', password: PASSWORD });
  if (supervisor.status !== 200) throw new Error(`supervisor login failed: ${supervisor.status}`);
  const set = await request(url, 'PUT', '/api/chat/settings', settings, supervisor.cookie);
  if (set.status !== 200) throw new Error(`chat settings failed: ${set.status} ${JSON.stringify(set.body)}`);
  return supervisor.cookie;
}

async function waitOnline(url: string, supervisorCookie: string, count: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    const presence = (await fetch(`${url}/api/chat/presence`, { headers: { cookie: supervisorCookie } }).then((r) => r.json())) as { agents: Array<{ status: string }> };
    if (presence.agents.filter((a: { status: string }) => a.status === 'online').length >= count) return;
    if (tries > 300) throw new Error('agents did not come online');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `count` pre-sale agents created through the API, each logged in with one socket, all online. */
async function consoleAgents(url: string, supervisorCookie: string, count: number, tag = 'bench'): Promise<ConsoleAgent[]> {
  const agents: ConsoleAgent[] = [];
  // One at a time: concurrent POST /api/staff can deadlock in staff_role (a foundation issue, reported).
  for (let a = 0; a < count; a++) {
    const username = `${tag}-agent-${a}`;
    const displayName = `客服${tag === 'bench' ? '' : `${tag}-`}${a}`;
    const created = await request(url, 'POST', '/api/staff', { username, displayName, password: PASSWORD, roles: ['presale'], baseWageFen: 300000 }, supervisorCookie);
    if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
    const login = await request(url, 'POST', '/api/auth/login', { username, password: PASSWORD });
    const socket = connect(url, { ...socketOptions, extraHeaders: { cookie: login.cookie } });
    await waitConnected(socket);
    agents.push({ socket, cookie: login.cookie, username, displayName });
  }
  await waitOnline(url, supervisorCookie, count);
  return agents;
}

/** `count` buyers, each with a session of their own (an anonymous visitor) and one socket. */
async function consoleBuyers(url: string, count: number, tag = 'bench'): Promise<Array<{ socket: Socket; buyerId: string }>> {
  const buyers: Array<{ socket: Socket; buyerId: string }> = new Array(count);
  await inBatches(
    Array.from({ length: count }, (_, i) => i),
    100,
    async (i) => {
      const session = await request(url, 'POST', '/api/buyer-sessions', { buyerId: `${tag}-buyer-${i}` });
      if (session.status !== 201) throw new Error(`buyer session failed: ${session.status} ${JSON.stringify(session.body)}`);
      const socket = connect(`${url}/buyer`, { ...socketOptions, extraHeaders: { cookie: session.cookie } });
      await waitConnected(socket);
      buyers[i] = { socket, buyerId: String(session.body?.buyer?.buyerId) };
    },
  );
  return buyers;
}

/** Each buyer's first message (the console opens and routes a conversation). */
async function firstMessages(buyers: Socket[]): Promise<void> {
  await inBatches(buyers, 50, async (buyer) => {
    const reply = await buyer.timeout(60_000).emitWithAck('message:send', { clientId: randomUUID(), text: '在吗' });
    if (!reply.message) throw new Error(`first message failed: ${JSON.stringify(reply)}`);
  });
}

async function realTarget(url: string): Promise<Target> {
  const capacity = Math.min(100, Math.ceil(BUYERS / AGENTS) + 1);
  if (capacity * AGENTS < BUYERS) throw new Error(`${BUYERS} buyers need at least ${Math.ceil(BUYERS / 100)} agents (capacity is at most 100)`);
  const supervisor = await supervisorOf(url, { capacity });
  const agents = (await consoleAgents(url, supervisor, AGENTS)).map((a) => a.socket);
  const buyers = (await consoleBuyers(url, BUYERS)).map((b) => b.socket);
  return {
    name: 'console server (stored, then acked)',
    buyers,
    agents,
    warmUp: async () => {
      await firstMessages(buyers);
      const live = (await fetch(`${url}/api/chat/conversations?scope=all`, { headers: { cookie: supervisor } }).then((r) => r.json())) as { conversations: Array<{ status: string }> };
      const queued = live.conversations.filter((c: { status: string }) => c.status === 'queued').length;
      if (queued) throw new Error(`${queued} conversations are queued: every buyer must have an agent`);
    },
  };
}

/** The console server as a child process on a fresh database and Redis prefix; `cleanup` drops both. */
async function startConsole(): Promise<{ url: string; child: ChildProcess; memoryFile: string; database: string; cleanup(): Promise<void> }> {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `kefu_bench_chat_${id}`;
  const prefix = `kefubench_${id}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const memoryFile = path.join(os.tmpdir(), `kefu_bench_memory_${id}.json`);
  const child = spawnChild(['server/src/main.ts'], {
    DATABASE_URL: `${MYSQL}/${database}`,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: String(port),
    DEMO_PASSWORD: PASSWORD,
    BUYER_SESSION_LIMIT: '1000000',
    // The ceiling phase has each buyer send far faster than a person (about 6 a second): the
    // per-buyer limit (20 per 10 s by default) is raised for the bench, as the setting allows.
    BUYER_MESSAGES_PER_10S: '1000000',
    UPLOAD_DIR: path.join(os.tmpdir(), `kefu_bench_uploads_${id}`),
    LOG_LEVEL: 'warn',
    KEFU_QUIET_BANNER: '1',
    BENCH_MEMORY_FILE: memoryFile,
  });
  child.stdout!.resume();
  const cleanup = async () => {
    await stop(child);
    await rm(memoryFile, { force: true });
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
  };
  try {
    await waitHealthy(url, child);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { url, child, memoryFile, database, cleanup };
}

async function startRelay(): Promise<{ port: number; child: ChildProcess; memoryFile: string }> {
  const memoryFile = path.join(os.tmpdir(), `kefu_bench_memory_relay_${process.pid}_${randomBytes(3).toString('hex')}.json`);
  const child = spawnChild([fileURLToPath(import.meta.url), '--relay-server'], { BENCH_MEMORY_FILE: memoryFile });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /RELAY_PORT (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`relay exited ${code}`)));
  });
  return { port, child, memoryFile };
}

// ---- memory per connected buyer -------------------------------------------------------

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/**
 * The child's memory after two full garbage collections: the probe preloaded into every
 * child (memory-probe.cjs, with --expose-gc) answers SIGUSR2 by writing process.memoryUsage().
 */
async function memoryOf(child: ChildProcess, file: string): Promise<Memory> {
  await rm(file, { force: true });
  child.kill('SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text) return JSON.parse(text) as Memory;
  }
  throw new Error('the child did not report its memory');
}

interface MemoryRow {
  target: string;
  base: Memory;
  connected: Memory;
  chatting: Memory;
}

/** Settles for a moment (timers, sockets' first pings), then samples. */
async function settledMemory(child: ChildProcess, file: string): Promise<Memory> {
  await new Promise((r) => setTimeout(r, 3000));
  return memoryOf(child, file);
}

async function memoryPart(): Promise<MemoryRow[]> {
  const agentCount = Math.max(AGENTS, Math.ceil(MEMORY_BUYERS / 100));
  const rows: MemoryRow[] = [];
  {
    const relay = await startRelay();
    try {
      const url = `http://127.0.0.1:${relay.port}`;
      const agents = Array.from({ length: agentCount }, (_, a) => connect(`${url}/agent`, { ...socketOptions, auth: { agent: a } }));
      await Promise.all(agents.map(waitConnected));
      const base = await settledMemory(relay.child, relay.memoryFile);
      // Connected 100 at a time (10,000 handshakes at once would time out on a loaded machine).
      const buyers: Socket[] = new Array(MEMORY_BUYERS);
      await inBatches(
        Array.from({ length: MEMORY_BUYERS }, (_, i) => i),
        100,
        async (i) => {
          buyers[i] = connect(`${url}/buyer`, { ...socketOptions, auth: { agent: i % agentCount, buyer: i } });
          await waitConnected(buyers[i]!);
        },
      );
      const connected = await settledMemory(relay.child, relay.memoryFile);
      await firstMessages(buyers);
      const chatting = await settledMemory(relay.child, relay.memoryFile);
      rows.push({ target: 'bare Socket.IO relay', base, connected, chatting });
      console.log(`  relay: ${JSON.stringify(rows[rows.length - 1])}`);
      for (const socket of [...buyers, ...agents]) socket.close();
    } finally {
      await stop(relay.child);
      await rm(relay.memoryFile, { force: true });
    }
  }
  {
    const server = await startConsole();
    try {
      const supervisor = await supervisorOf(server.url, { capacity: 100 });
      const agents = await consoleAgents(server.url, supervisor, agentCount);
      const base = await settledMemory(server.child, server.memoryFile);
      const buyers = await consoleBuyers(server.url, MEMORY_BUYERS);
      const connected = await settledMemory(server.child, server.memoryFile);
      await firstMessages(buyers.map((b) => b.socket));
      const chatting = await settledMemory(server.child, server.memoryFile);
      rows.push({ target: 'console server', base, connected, chatting });
      console.log(`  console: ${JSON.stringify(rows[rows.length - 1])}`);
      for (const socket of [...buyers.map((b) => b.socket), ...agents.map((a) => a.socket)]) socket.close();
    } finally {
      await server.cleanup();
    }
  }
  return rows;
}

// ---- reassignment after an agent's socket dies ----------------------------------------

interface HandoverRow {
  run: number;
  buyers: number;
  /** ms from the socket's death to each of its waiting buyers being told who serves them now. */
  told: number[];
  missed: number;
}

/**
 * Three agents online (capacity 10, or room for every run's buyers if more), the grace period set to
 * BENCH_GRACE seconds. Each run: BENCH_HANDOVER_BUYERS (3) new buyers write (routed to the least busy agents) and wait; the agent holding most
 * of them loses its socket abruptly (its TCP connection destroyed, as when the browser or the
 * machine is gone: no Socket.IO goodbye); the time is taken until each of that agent's new
 * buyers receives `conversation:changed` naming another agent. Then the agent reconnects.
 */
async function handoverPart(): Promise<HandoverRow[]> {
  const server = await startConsole();
  const rows: HandoverRow[] = [];
  const db = await mysql.createConnection(`${MYSQL}/${server.database}`);
  try {
    // Every run's chats stay open with their agents (the buyers leave, the chats are not closed):
    // room for all of them, so a moved chat always finds an agent and is never counted as missed.
    const supervisor = await supervisorOf(server.url, { capacity: Math.min(100, Math.max(10, HANDOVER_BUYERS * HANDOVER_RUNS)), handOverAfterSeconds: GRACE });
    const team = await consoleAgents(server.url, supervisor, 3, 'handover');
    const ids = new Map<string, number>();
    for (const agent of team) {
      const [[row]] = (await db.query('SELECT id FROM staff WHERE username = ?', [agent.username])) as unknown as [[{ id: number }]];
      ids.set(agent.username, Number(row.id));
    }
    for (let run = 1; run <= HANDOVER_RUNS; run++) {
      const buyers = await consoleBuyers(server.url, HANDOVER_BUYERS, `handover${run}`);
      await firstMessages(buyers.map((b) => b.socket));
      const [placed] = (await db.query(`SELECT buyer_id AS buyerId, agent_id AS agentId FROM chat_conversation WHERE buyer_id IN (?) AND status = 'open'`, [
        buyers.map((b) => b.buyerId),
      ])) as unknown as [Array<{ buyerId: string; agentId: number }>];
      if (!placed.length) {
        const [statuses] = await db.query(`SELECT buyer_id AS buyerId, status, agent_id AS agentId FROM chat_conversation WHERE buyer_id IN (?)`, [buyers.map((b) => b.buyerId)]);
        throw new Error(`no open conversation for the run's buyers: ${JSON.stringify(statuses)} ${JSON.stringify(buyers.map((b) => b.buyerId))}`);
      }
      const count = new Map<number, number>();
      for (const p of placed) count.set(Number(p.agentId), (count.get(Number(p.agentId)) ?? 0) + 1);
      const victimId = [...count.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      const victim = team.find((a) => ids.get(a.username) === victimId)!;
      const theirs = buyers.filter((b) => placed.some((p) => p.buyerId === b.buyerId && Number(p.agentId) === victimId));
      const told = new Map<Socket, number>();
      for (const { socket } of theirs) {
        socket.on('conversation:changed', (payload: { conversation?: { agentName: string | null } }) => {
          const name = payload.conversation?.agentName;
          if (name && name !== victim.displayName && !told.has(socket)) told.set(socket, performance.now());
        });
      }
      const engine = victim.socket.io.engine as unknown as { transport: { ws?: { _socket?: { destroy(): void } } } };
      const tcp = engine.transport.ws?._socket;
      if (!tcp) throw new Error('no TCP socket under the agent connection (websocket transport expected)');
      const t0 = performance.now();
      tcp.destroy();
      const deadline = t0 + GRACE * 1000 + 30_000;
      while (told.size < theirs.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      rows.push({ run, buyers: theirs.length, told: [...told.values()].map((t) => t - t0), missed: theirs.length - told.size });
      // The agent comes back (a new socket with the same session), and everyone is online again.
      victim.socket.close();
      victim.socket = connect(server.url, { ...socketOptions, extraHeaders: { cookie: victim.cookie } });
      await waitConnected(victim.socket);
      await waitOnline(server.url, supervisor, team.length);
      for (const { socket } of buyers) socket.close();
    }
    for (const agent of team) agent.socket.close();
  } finally {
    await db.end();
    await server.cleanup();
  }
  return rows;
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
  return spawn(process.execPath, [...profile, '--expose-gc', '--require', MEMORY_PROBE, ...process.execArgv, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function throughputPart(): Promise<Array<{ target: string; results: PhaseResult[] }>> {
  const all: Array<{ target: string; results: PhaseResult[] }> = [];
  // 1. The bare relay.
  const relay = await startRelay();
  try {
    const target = await relayTarget(relay.port);
    all.push({ target: target.name, results: await measure(target) });
    closeAll(target);
  } finally {
    await stop(relay.child);
    await rm(relay.memoryFile, { force: true });
  }
  // 2. The real server on a fresh database.
  const server = await startConsole();
  try {
    const target = await realTarget(server.url);
    all.push({ target: target.name, results: await measure(target) });
    const check = await mysql.createConnection(`${MYSQL}/${server.database}`);
    const [[row]] = (await check.query('SELECT COUNT(*) AS n, COUNT(DISTINCT client_id) AS d FROM chat_message')) as unknown as [[{ n: number; d: number }]];
    await check.end();
    console.log(`  stored messages: ${row.n} (distinct client ids: ${row.d})`);
    closeAll(target);
  } finally {
    await server.cleanup();
  }
  return all;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function main(): Promise<void> {
  console.log(`bench/chat: parts ${[...PARTS].join(', ')}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  if (PARTS.has('throughput')) {
    console.log(`\nthroughput: ${BUYERS} buyers, ${AGENTS} agents, ${RATE} msg/s fixed phase, ${SECONDS} s per phase`);
    const all = await throughputPart();
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
    console.log(`ceiling: console / bare relay = ${fmt(realCeiling / relayCeiling, 2)}; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }

  if (PARTS.has('memory')) {
    console.log(`\nmemory: ${MEMORY_BUYERS.toLocaleString('en')} connected buyers on one server process (${Math.max(AGENTS, Math.ceil(MEMORY_BUYERS / 100))} agents); after two full GCs`);
    const rows = await memoryPart();
    console.log('| target | RSS with agents only | + buyers connected | + one message each | RSS per buyer (connected / chatting) | heap per buyer (connected / chatting) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const per = (row: MemoryRow, state: 'connected' | 'chatting', key: keyof Memory) => (row[state][key] - row.base[key]) / MEMORY_BUYERS;
    for (const row of rows) {
      console.log(
        `| ${row.target} | ${mb(row.base.rss)} MB | ${mb(row.connected.rss)} MB | ${mb(row.chatting.rss)} MB | ${kb(per(row, 'connected', 'rss'))} / ${kb(per(row, 'chatting', 'rss'))} KB | ${kb(per(row, 'connected', 'heapUsed'))} / ${kb(per(row, 'chatting', 'heapUsed'))} KB |`,
      );
    }
    if (rows.length === 2) {
      const [relay, consoleRow] = rows as [MemoryRow, MemoryRow];
      for (const state of ['connected', 'chatting'] as const) {
        console.log(`${state}: console ÷ relay per buyer = RSS ${fmt(per(consoleRow, state, 'rss') / per(relay, state, 'rss'), 2)}×, heap ${fmt(per(consoleRow, state, 'heapUsed') / per(relay, state, 'heapUsed'), 2)}×`);
      }
    }
  }

  if (PARTS.has('handover')) {
    console.log(`\nhandover: grace period ${GRACE} s, ${HANDOVER_RUNS} runs of ${HANDOVER_BUYERS} new buyers (an agent's TCP connection destroyed; until each of its waiting buyers is told the new agent)`);
    const rows = await handoverPart();
    console.log('| run | buyers moved | told after (ms) | minus the grace (ms) | not told within grace + 30 s |');
    console.log('|---:|---:|---|---|---:|');
    for (const row of rows) {
      console.log(`| ${row.run} | ${row.buyers} | ${row.told.map((t) => Math.round(t)).join(', ')} | ${row.told.map((t) => Math.round(t - GRACE * 1000)).join(', ')} | ${row.missed} |`);
    }
    const all = rows.flatMap((r) => r.told);
    if (all.length) console.log(`overhead beyond the grace: max ${Math.round(Math.max(...all) - GRACE * 1000)} ms (aim: under 1000 ms); missed ${rows.reduce((a, r) => a + r.missed, 0)}`);
  }
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
