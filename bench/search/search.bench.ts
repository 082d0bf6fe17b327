/**
 * bench/search — history text search at scale (issue 11): `GET /api/chat/search?text=…`
 * through the API with the full-text index (Mroonga here), against the same API with the
 * index switched off (the LIKE scan), on the same data in the same run.
 *
 * The data: MESSAGES (default 1,000,000) text messages in conversations of 10, over a year,
 * 20,000 buyers, the demo staff's pre-sale agents (2, so an agent reads half): everyday
 * sentences of a shoe shop (a phrase book of 40, so some words are in a fifth of all
 * messages), a tracking number per conversation (each unique) and order numbers, generated
 * inside MariaDB (`seed`). The index is filled from the messages: far behind, offline
 * (`bulkFill`, bench only), then as the server does on start (both times printed). Queries:
 * a tracking number (1 hit), a rare phrase (~0.1 %), a common word (~20 %), one Chinese
 * character, a word in no message; as the supervisor (reads everything) and as an agent
 * (reads their own chats only). BENCH_RUNS (default 20) runs each. Its own database and
 * Redis prefix, dropped afterwards (or kept: BENCH_DB).
 */
import os from 'node:os';
import mysql from 'mysql2/promise';
import { performance } from 'node:perf_hooks';
import { deletePrefixedKeys, startTestServer, testConfig } from '../../server/src/testing/harness.ts';
import { loggedIn, type TestClient } from '../../server/src/testing/http-client.ts';
import type { Reader } from '../../server/src/modules/chat/chat.rows.ts';
import { searchRepository, type SearchFilter } from '../../server/src/modules/chat/chat.search.repository.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
/**
 * Runs of the LIKE scan per text (it takes about a minute a query at 10 M on a loaded machine):
 * 5 up to 2 M messages, else 2. 0: no scan (a re-run of the index's figures on a kept
 * database whose scan was measured before; the index's pages are then not compared).
 */
const LIKE_RUNS = Number(process.env.BENCH_LIKE_RUNS ?? (MESSAGES > 2_000_000 ? 2 : 5));
/** BENCH_DB=name: use (and keep) that database; seeded only when it holds fewer than MESSAGES messages. */
const KEEP_DB = process.env.BENCH_DB;
const PER_CHAT = 10;
const YEAR_MS = 365 * 86_400_000;

const PHRASES = [
  '您好，在的，请问有什么可以帮您',
  '亲，这款鞋有现货吗',
  '42码还有吗',
  '请问什么时候发货',
  '已经付款了，麻烦尽快发货',
  '鞋子偏大还是偏小',
  '平时穿41码，这款拿哪个码',
  '好的，谢谢',
  '快递到哪里了',
  '收到了，鞋子很舒服',
  '能便宜一点吗',
  '有没有优惠券',
  '颜色和图片一样吗',
  '鞋底是什么材质',
  '真皮的吗',
  '可以退换吗',
  '七天无理由退换',
  '麻烦改一下收货地址',
  '这个是手工鞋，需要订做，付款后48小时内发货',
  '请确认一下订单信息',
  '地址没问题，发吧',
  '鞋带有点短',
  '穿着有点磨脚',
  '我想换大一码',
  '已经给您备注了',
  '稍等，我帮您查一下',
  '物流显示已签收',
  '没有收到货',
  '能开发票吗',
  '包邮吗',
  '黑色还有吗',
  '米白色什么时候补货',
  '给您申请了退款',
  '退货地址发我一下',
  '谢谢亲的支持，欢迎下次光临',
  '在吗',
  'ok 明白了',
  'Hello, do you ship abroad?',
  '尺码表在哪里看',
  '会不会褪色',
];

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

const trackingNumber = (chatId: number) => `ZT${String(7_700_000_000 + chatId * 7)}`;
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

/**
 * The messages, generated inside MariaDB (fast enough for 10 M): one `INSERT … SELECT` per
 * 100,000 conversations from the SEQUENCE engine's `seq_1_to_N` tables, no rows travelling
 * from Node. The "random" choices are CRC32 hashes of the conversation and message numbers
 * (deterministic, evenly spread): the phrase of each message from the phrase book of 40, one
 * message in 1,000 with the rare phrase appended, the agent of each conversation. Message 3
 * of a conversation starts with its order number, message 6 is its tracking number (unique).
 * Foreign-key and unique checks are off while loading (the data is generated unique). Keys
 * arrive in ascending order (ids, client ids zero-padded, times rising), so every index of
 * `chat_message` grows at its end.
 */
async function seed(databaseUrl: string, agents: number[], chats: number): Promise<number> {
  const conn = await mysql.createConnection({ uri: databaseUrl });
  try {
    await conn.query('SET foreign_key_checks = 0, unique_checks = 0');
    const [[{ base }]] = (await conn.query('SELECT COALESCE(MAX(id), 0) AS base FROM chat_conversation')) as unknown as [[{ base: number }]];
    const [[{ n0 }]] = (await conn.query('SELECT COUNT(*) AS n0 FROM chat_message')) as unknown as [[{ n0: number }]];
    const start = new Date(Date.now() - YEAR_MS - 86_400_000);
    const CHUNK = 100_000; // conversations per statement (1,000,000 messages)
    const phrases = PHRASES.map((phrase) => conn.escape(phrase)).join(', ');
    const agentList = agents.join(', ');
    for (let done = 0; done < chats; done += CHUNK) {
      const from = Number(base) + done + 1;
      const to = Number(base) + Math.min(chats, done + CHUNK);
      await conn.query(
        `INSERT INTO chat_conversation (id, buyer_id, agent_id, role, status, last_seq, opened_at, closed_at)
         SELECT x.seq, CONCAT('buyer', CRC32(CONCAT('b', x.seq)) % 20000), ELT(1 + CRC32(CONCAT('a', x.seq)) % ${agents.length}, ${agentList}), 'presale', 'closed', ${PER_CHAT},
                x.t0, x.t0 + INTERVAL 1 HOUR
         FROM (SELECT seq, ? + INTERVAL FLOOR((seq - ?) / ? * ${YEAR_MS}) * 1000 MICROSECOND AS t0 FROM seq_${from}_to_${to}) x`,
        [start, Number(base) + 1, chats],
      );
      await conn.query(
        `INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at)
         SELECT c.id, k.seq, CONCAT('s', LPAD((c.id - ? - 1) * ${PER_CHAT} + k.seq, 9, '0')), IF(k.seq % 2 = 1, 'buyer', 'staff'), IF(k.seq % 2 = 1, NULL, c.agent_id), 'text',
                CONCAT(
                  CASE k.seq
                    WHEN 6 THEN CONCAT('快递单号是ZT', 7700000000 + c.id * 7, '，请查收')
                    WHEN 3 THEN CONCAT('订单号 ', 26000000000 + c.id, '，', ELT(1 + CRC32(CONCAT('p', c.id, '/', k.seq)) % ${PHRASES.length}, ${phrases}))
                    ELSE ELT(1 + CRC32(CONCAT('p', c.id, '/', k.seq)) % ${PHRASES.length}, ${phrases})
                  END,
                  IF(CRC32(CONCAT('r', c.id, '/', k.seq)) % 1000 = 0, '，鞋盒压扁了', '')),
                c.opened_at + INTERVAL (k.seq - 1) MINUTE
         FROM chat_conversation c JOIN seq_1_to_${PER_CHAT} k
         WHERE c.id BETWEEN ? AND ? ORDER BY c.id, k.seq`,
        [Number(base), from, to],
      );
      console.log(`  … ${((done + (to - from + 1)) * PER_CHAT).toLocaleString('en')} messages`);
    }
    // The agent's read rule looks at who had the chat (chat_change): one row per conversation.
    await conn.query(
      `INSERT INTO chat_change (feed_seq, conversation_id, kind, version, agent_id, prev_agent_id, role, prev_role, status, prev_status, by_staff_id, at)
       SELECT id + 1000000000, id, 'created', 1, agent_id, NULL, role, NULL, 'open', NULL, NULL, opened_at FROM chat_conversation WHERE id > ?`,
      [base],
    );
    await conn.query('SET foreign_key_checks = 1, unique_checks = 1');
    const [[{ n1 }]] = (await conn.query('SELECT COUNT(*) AS n1 FROM chat_message')) as unknown as [[{ n1: number }]];
    return Number(n1) - Number(n0);
  } finally {
    await conn.end();
  }
}

/**
 * Fills a Mroonga index far behind its messages the fast way, for the bench only: the
 * full-text indexes off (`DISABLE KEYS`), every missing row in one `INSERT … SELECT`, the
 * indexes built at once (`ENABLE KEYS`), the mark moved to the newest message. Measured
 * 2026-11-30 at 1 M messages: 88 s, against 190 s for the server's refresh (20,000 rows per
 * statement into live indexes), which would take most of an hour at 10 M on this machine.
 * Not what the server does: ENABLE KEYS holds the table for minutes, and each message batch
 * writes into it before its COMMIT. Under the refresh's named lock, so a server on the same
 * database skips its refresh meanwhile. Returns the seconds taken, or null when the index was
 * not behind by BULK rows (then the server's refresh fills the rest, as on a start).
 */
const BULK = 500_000;
async function bulkFill(databaseUrl: string): Promise<number | null> {
  const conn = await mysql.createConnection({ uri: databaseUrl }).catch((err: { code?: string }) => {
    if (err.code === 'ER_BAD_DB_ERROR') return null; // a kept database not made yet
    throw err;
  });
  if (!conn) return null;
  try {
    const [[table]] = (await conn.query(`SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'chat_message_text'`)) as unknown as [[{ engine: string } | undefined]];
    if (!table || !/mroonga/i.test(table.engine)) return null;
    const [[{ top }]] = (await conn.query('SELECT COALESCE(MAX(id), 0) AS top FROM chat_message')) as unknown as [[{ top: number }]];
    const [[mark]] = (await conn.query(`SELECT value FROM setting WHERE setting_key = 'chat.search_indexed_upto'`)) as unknown as [[{ value: string } | undefined]];
    const from = Number(mark?.value ?? 0);
    if (Number(top) - from < BULK) return null;
    const [[{ got }]] = (await conn.query(`SELECT GET_LOCK(CONCAT('kefu_chat_search_index:', DATABASE()), 600) AS got`)) as unknown as [[{ got: number }]];
    if (Number(got) !== 1) throw new Error('the index refresh lock stayed busy');
    const t = performance.now();
    await conn.query('ALTER TABLE chat_message_text DISABLE KEYS');
    await conn.query(`INSERT IGNORE INTO chat_message_text (message_id, body) SELECT id, body FROM chat_message WHERE id > ? AND kind = 'text' AND body IS NOT NULL`, [from]);
    await conn.query('ALTER TABLE chat_message_text ENABLE KEYS');
    await conn.query(
      `INSERT INTO setting (setting_key, value, updated_at) VALUES ('chat.search_indexed_upto', ?, UTC_TIMESTAMP(3)) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)`,
      [String(top)],
    );
    await conn.query(`SELECT RELEASE_LOCK(CONCAT('kefu_chat_search_index:', DATABASE()))`);
    return (performance.now() - t) / 1000;
  } finally {
    await conn.end();
  }
}

async function main(): Promise<void> {
  if (KEEP_DB && !/^kefu_bench_\w+$/.test(KEEP_DB)) throw new Error('BENCH_DB must be named kefu_bench_…');
  if (KEEP_DB) {
    const bulk = await bulkFill(`mysql://root@127.0.0.1:3306/${KEEP_DB}`);
    if (bulk !== null) console.log(`index built offline for the bench (DISABLE/ENABLE KEYS, not the server's way): ${Math.round(bulk)} s`);
  }
  const server = await startTestServer({ serveClient: false, ...(KEEP_DB ? { config: testConfig({ DATABASE_URL: `mysql://root@127.0.0.1:3306/${KEEP_DB}` }) } : {}) });
  try {
    const db = server.db;
    console.log(`bench/search — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${(await db.query('SELECT VERSION() AS v'))[0].v}`);
    await server.app.chat.searchReady;
    const index = server.app.chat.searchIndex;
    const engine = index.engine;
    console.log(`full-text engine: ${engine ?? 'none (the LIKE scan only)'}`);
    const agents = ((await db.query(`SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'presale' ORDER BY s.id`)) as Array<{ id: number }>).map((r) => Number(r.id));
    const [{ id: agentUser }] = await db.query(`SELECT id FROM staff WHERE username = 'presale1'`);
    const chats = Math.floor(MESSAGES / PER_CHAT);
    // The tracking number searched for: the one of the conversation a third of the way in.
    const [{ n: stored }] = await db.query('SELECT COUNT(*) AS n FROM chat_message');
    if (Number(stored) >= MESSAGES) {
      console.log(`kept database ${server.config.databaseUrl.split('/').pop()}: ${Number(stored).toLocaleString('en')} messages already there, not seeded again`);
    } else {
      // The 5 s refresh would index the messages while they are loaded; stopped, the index is
      // filled afterwards the way a start fills it (timed below).
      index.stop();
      const seeded = performance.now();
      const messages = await seed(server.config.databaseUrl, agents, chats);
      await db.query('ANALYZE TABLE chat_message, chat_conversation, chat_change');
      console.log(`seeded ${messages.toLocaleString('en')} messages in ${chats.toLocaleString('en')} conversations in ${Math.round((performance.now() - seeded) / 1000)} s`);
    }
    const messageNo = Number((await db.query('SELECT COUNT(*) AS n FROM chat_message'))[0].n);
    const [{ first }] = await db.query(`SELECT MIN(id) AS first FROM chat_conversation WHERE buyer_id LIKE 'buyer%'`);
    const tracking = trackingNumber(Number(first) + Math.floor(chats / 3));

    if (engine) {
      const bulk = await bulkFill(server.config.databaseUrl);
      if (bulk !== null) console.log(`index built offline for the bench (DISABLE/ENABLE KEYS, not the server's way): ${Math.round(bulk)} s`);
      const built = performance.now();
      await index.refresh();
      const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM chat_message_text');
      console.log(`index filled from the messages (as on a start): ${Number(n).toLocaleString('en')} rows in ${Math.round((performance.now() - built) / 1000)} s`);
    }
    // BENCH_SEED_ONLY=1 (with BENCH_DB): seed and index a kept database, measure nothing.
    if (process.env.BENCH_SEED_ONLY) return;

    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const agent = await loggedIn(server.baseUrl, 'presale1');
    // With the other filters too: one buyer (~580 messages), a week half a year back, a month
    // three months back (the dates as the console sends them, whole shop days).
    const DAY = 86_400_000;
    const shopDay = (daysAgo: number) => new Date(Math.floor((Date.now() + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000 - daysAgo * DAY);
    const week = { from: shopDay(187), to: shopDay(180) };
    const month = { from: shopDay(120), to: shopDay(90) };
    const queries: Array<{ label: string; text: string; filter: Omit<SearchFilter, 'text' | 'limit'> }> = [
      { label: 'a tracking number (1 hit)', text: tracking, filter: {} },
      { label: 'a rare phrase (~0.1 %)', text: '鞋盒压扁', filter: {} },
      { label: 'a common word (~20 %)', text: '发货', filter: {} },
      { label: 'one character', text: '鞋', filter: {} },
      { label: 'in no message', text: '蓝牙耳机', filter: {} },
      { label: 'one buyer, a common word', text: '发货', filter: { buyerId: 'buyer123' } },
      { label: 'one buyer, a rare phrase', text: '鞋盒压扁', filter: { buyerId: 'buyer123' } },
      { label: 'a week 180 days back, a common word', text: '发货', filter: week },
      { label: 'a week 180 days back, a rare phrase', text: '鞋盒压扁', filter: week },
      { label: 'a month 90 days back, a rare phrase', text: '鞋盒压扁', filter: month },
      { label: 'a month 90 days back, in no message', text: '蓝牙耳机', filter: month },
    ];
    const queryString = (text: string, filter: Omit<SearchFilter, 'text' | 'limit'>) =>
      `text=${encodeURIComponent(text)}${filter.buyerId ? `&buyerId=${filter.buyerId}` : ''}${filter.from ? `&from=${filter.from.toISOString()}` : ''}${filter.to ? `&to=${filter.to.toISOString()}` : ''}`;
    const timeOf = async (client: TestClient, text: string, filter: Omit<SearchFilter, 'text' | 'limit'>): Promise<{ ms: number; hits: number[] }> => {
      const t = performance.now();
      const res = await client.request('GET', `/api/chat/search?${queryString(text, filter)}&limit=50`);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`search ${text}: ${res.status} ${JSON.stringify(res.body)}`);
      return { ms, hits: res.body.results.map((r: { message: { id: number } }) => r.message.id) };
    };
    // The floor: an API call that reads almost nothing (session check, JSON), on this machine now.
    const floor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await supervisor.request('GET', '/api/auth/me');
      floor.push(performance.now() - t);
    }
    // The repository's own time (the index query, the row checks; no HTTP, no session): the part that is ours.
    const sqlTimeOf = async (reader: Reader, text: string, filter: Omit<SearchFilter, 'text' | 'limit'>): Promise<number> => {
      const t = performance.now();
      await searchRepository.search(db.manager, reader, { ...filter, text, limit: 50 }, engine);
      return performance.now() - t;
    };
    const readers: Record<string, Reader> = { supervisor: { staffId: 1, supervisor: true, roles: [] }, agent: { staffId: Number(agentUser), supervisor: false, roles: ['presale'] } };
    const p = (values: number[]) => (values.length ? `${Math.round(percentile(values, 50))} / ${Math.round(percentile(values, 95))} ms` : '–');
    const cases = (
      [
        ['supervisor', supervisor, readers.supervisor!],
        [`agent (presale1, id ${agentUser})`, agent, readers.agent!],
      ] as const
    ).flatMap(([who, client, reader]) => queries.map(({ label, text, filter }) => ({ who, client, reader, label, text, filter })));
    console.log(`\n${messageNo.toLocaleString('en')} messages; p50 / p95 of ${RUNS} runs through the index (limit 50); each row printed as it is measured`);
    console.log(`API floor before the searches (GET /api/auth/me): p50 ${Math.round(percentile(floor, 50))} ms, p95 ${Math.round(percentile(floor, 95))} ms\n`);
    console.log('| who | text | hits on page 1 | API, index p50 / p95 | API floor, same moments | repository only (no HTTP) | load (1 min) |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    // Pass 1: through the index, every case (the figures the aim is about).
    const indexHits = new Map<string, number[]>();
    for (const { who, client, reader, label, text, filter } of cases) {
      const measured: Record<'index' | 'floor' | 'sql', number[]> = { index: [], floor: [], sql: [] };
      if (engine) {
        await sqlTimeOf(reader, text, filter);
        for (let run = 0; run < RUNS; run++) measured.sql.push(await sqlTimeOf(reader, text, filter));
      }
      await timeOf(client, text, filter); // warm
      let hits: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const r = await timeOf(client, text, filter);
        measured.index.push(r.ms);
        hits = r.hits;
        // The floor at the same moments: an API call that reads almost nothing.
        const t = performance.now();
        await client.request('GET', '/api/auth/me');
        measured.floor.push(performance.now() - t);
      }
      indexHits.set(`${who}|${label}`, hits);
      console.log(`| ${who} | ${label} \`${text}\` | ${hits.length} | ${p(measured.index)} | ${p(measured.floor)} | ${p(measured.sql)} | ${os.loadavg()[0]!.toFixed(1)} |`);
    }
    // Pass 2: the LIKE scan (index switched off), the same cases; both ways must answer the same page.
    if (LIKE_RUNS > 0) {
      console.log(`\nthe LIKE scan: p50 / p95 of ${LIKE_RUNS} runs${MESSAGES <= 2_000_000 ? ' after a warm-up' : ' (no warm-up at this size)'}\n`);
      console.log('| who | text | API, LIKE scan | same page as the index | load (1 min) |');
      console.log('|---|---|---:|---|---:|');
      for (const { who, client, label, text, filter } of cases) {
        index.engine = null;
        try {
          if (MESSAGES <= 2_000_000) await timeOf(client, text, filter);
          const times: number[] = [];
          let hits: number[] = [];
          for (let run = 0; run < LIKE_RUNS; run++) {
            const r = await timeOf(client, text, filter);
            times.push(r.ms);
            hits = r.hits;
          }
          const same = JSON.stringify(hits) === JSON.stringify(indexHits.get(`${who}|${label}`));
          console.log(`| ${who} | ${label} \`${text}\` | ${p(times)} | ${same ? 'yes' : 'NO'} | ${os.loadavg()[0]!.toFixed(1)} |`);
          if (!same) throw new Error(`${who} ${text}: the index and the scan differ`);
        } finally {
          index.engine = engine;
        }
      }
    }
  } finally {
    if (KEEP_DB) {
      await deletePrefixedKeys(server.redis, server.config.redisPrefix);
      await server.stop();
      console.log(`kept database ${KEEP_DB} (drop it when done)`);
    } else await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
