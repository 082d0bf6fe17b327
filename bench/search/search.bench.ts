/**
 * bench/search — history text search at scale (issue 11): `GET /api/chat/search?text=…`
 * through the API with the full-text index (Mroonga here), against the same API with the
 * index switched off (the LIKE scan), on the same data in the same run.
 *
 * The data: MESSAGES (default 1,000,000) text messages in conversations of 10, over a year,
 * 20,000 buyers, 10 agents: everyday sentences of a shoe shop (a phrase book of 40, so some
 * words are in a fifth of all messages), a tracking number per conversation (each unique)
 * and order numbers. The index is filled from the messages as the server does on start (its
 * time is printed). Queries: a tracking number (1 hit), a rare phrase (~0.1 %), a common
 * word (~20 %), one Chinese character, a word in no message; as the supervisor (reads
 * everything) and as an agent (reads their own chats only). BENCH_RUNS (default 20) runs
 * each. Its own database and Redis prefix, dropped afterwards.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../../server/src/testing/harness.ts';
import { loggedIn, type TestClient } from '../../server/src/testing/http-client.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
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

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

async function main(): Promise<void> {
  const server = await startTestServer({ serveClient: false });
  try {
    const db = server.db;
    console.log(`bench/search — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${(await db.query('SELECT VERSION() AS v'))[0].v}`);
    await server.app.chat.searchReady;
    const index = server.app.chat.searchIndex;
    const engine = index.engine;
    console.log(`full-text engine: ${engine ?? 'none (the LIKE scan only)'}`);
    const agents = ((await db.query(`SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'presale' ORDER BY s.id`)) as Array<{ id: number }>).map((r) => Number(r.id));
    const [{ id: agentUser }] = await db.query(`SELECT id FROM staff WHERE username = 'presale1'`);
    const random = rng(11);
    const start = Date.now() - YEAR_MS - 86_400_000;
    const chats = Math.floor(MESSAGES / PER_CHAT);
    let tracking = '';
    const seeded = performance.now();
    const conn = db.createQueryRunner();
    await conn.connect();
    await conn.query('SET foreign_key_checks = 0, unique_checks = 0');
    const BATCH = 1_000;
    let messageNo = 0;
    const [{ base }] = await conn.query('SELECT COALESCE(MAX(id), 0) AS base FROM chat_conversation');
    for (let done = 0; done < chats; done += BATCH) {
      const n = Math.min(BATCH, chats - done);
      const convValues: unknown[] = [];
      const msgValues: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const chatId = Number(base) + done + i + 1;
        const agent = agents[Math.floor(random() * agents.length)]!;
        const t0 = start + Math.floor(((done + i) / chats) * YEAR_MS);
        convValues.push(chatId, `buyer${Math.floor(random() * 20_000)}`, agent, new Date(t0), new Date(t0 + 3_600_000));
        const number = `ZT${String(7_700_000_000 + chatId * 7)}`;
        if (done + i === Math.floor(chats / 3)) tracking = number;
        for (let k = 0; k < PER_CHAT; k++) {
          const buyer = k % 2 === 0;
          let body = PHRASES[Math.floor(random() * PHRASES.length)]!;
          if (k === 5) body = `快递单号是${number}，请查收`;
          else if (k === 2) body = `订单号 ${26_000_000_000 + chatId}，${body}`;
          if (random() < 0.001) body = `${body}，鞋盒压扁了`;
          msgValues.push(chatId, k + 1, `s${++messageNo}`, buyer ? 'buyer' : 'staff', buyer ? null : agent, body, new Date(t0 + k * 60_000));
        }
      }
      await conn.query(
        `INSERT INTO chat_conversation (id, buyer_id, role, status, agent_id, last_seq, opened_at, closed_at) VALUES ${Array(n).fill("(?, ?, 'presale', 'closed', ?, 10, ?, ?)").join(',')}`,
        convValues,
      );
      await conn.query(`INSERT INTO chat_message (conversation_id, seq, client_id, sender, staff_id, kind, body, created_at) VALUES ${Array(n * PER_CHAT).fill("(?, ?, ?, ?, ?, 'text', ?, ?)").join(',')}`, msgValues);
      // The agent's read rule looks at who had the chat (chat_change): one row per conversation.
    }
    await conn.query(
      `INSERT INTO chat_change (feed_seq, conversation_id, kind, version, agent_id, prev_agent_id, role, prev_role, status, prev_status, by_staff_id, at)
       SELECT id + 1000000000, id, 'created', 1, agent_id, NULL, role, NULL, 'open', NULL, NULL, opened_at FROM chat_conversation WHERE id > ?`,
      [base],
    );
    await conn.query('SET foreign_key_checks = 1, unique_checks = 1');
    await conn.release();
    await db.query('ANALYZE TABLE chat_message, chat_conversation, chat_change');
    console.log(`seeded ${messageNo.toLocaleString('en')} messages in ${chats.toLocaleString('en')} conversations in ${Math.round((performance.now() - seeded) / 1000)} s`);

    if (engine) {
      const built = performance.now();
      await index.refresh();
      const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM chat_message_text');
      console.log(`index filled from the messages (as on a start): ${Number(n).toLocaleString('en')} rows in ${Math.round((performance.now() - built) / 1000)} s`);
    }

    const supervisor = await loggedIn(server.baseUrl, 'supervisor');
    const agent = await loggedIn(server.baseUrl, 'presale1');
    const queries: Array<[string, string]> = [
      ['a tracking number (1 hit)', tracking],
      ['a rare phrase (~0.1 %)', '鞋盒压扁'],
      ['a common word (~20 %)', '发货'],
      ['one character', '鞋'],
      ['in no message', '蓝牙耳机'],
    ];
    const timeOf = async (client: TestClient, text: string): Promise<{ ms: number; hits: number[] }> => {
      const t = performance.now();
      const res = await client.request('GET', `/api/chat/search?text=${encodeURIComponent(text)}&limit=50`);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`search ${text}: ${res.status} ${JSON.stringify(res.body)}`);
      return { ms, hits: res.body.results.map((r: { message: { id: number } }) => r.message.id) };
    };
    const rows: string[] = [];
    // The floor: an API call that reads almost nothing (session check, JSON), on this machine now.
    const floor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await supervisor.request('GET', '/api/auth/me');
      floor.push(performance.now() - t);
    }
    for (const [who, client] of [
      ['supervisor', supervisor],
      [`agent (presale1, id ${agentUser})`, agent],
    ] as const) {
      for (const [label, text] of queries) {
        const measured: Record<'index' | 'like', number[]> = { index: [], like: [] };
        let hits: Record<'index' | 'like', number[]> = { index: [], like: [] };
        for (const mode of ['index', 'like'] as const) {
          index.engine = mode === 'index' ? engine : null;
          const runs = mode === 'like' ? Math.min(RUNS, 5) : RUNS;
          await timeOf(client, text); // warm
          for (let run = 0; run < runs; run++) {
            const r = await timeOf(client, text);
            measured[mode].push(r.ms);
            hits = { ...hits, [mode]: r.hits };
          }
        }
        index.engine = engine;
        // Both ways must answer the same page.
        if (JSON.stringify(hits.index) !== JSON.stringify(hits.like)) throw new Error(`${who} ${text}: the index and the scan differ`);
        rows.push(
          `| ${who} | ${label} \`${text}\` | ${hits.index.length} | ${Math.round(percentile(measured.index, 50))} / ${Math.round(percentile(measured.index, 95))} ms | ${Math.round(percentile(measured.like, 50))} / ${Math.round(percentile(measured.like, 95))} ms |`,
        );
      }
    }
    console.log(`\n${messageNo.toLocaleString('en')} messages; p50 / p95 of ${RUNS} runs through the index, of ${Math.min(RUNS, 5)} through the LIKE scan (limit 50)\n`);
    console.log(`API floor (GET /api/auth/me): p50 ${Math.round(percentile(floor, 50))} ms, p95 ${Math.round(percentile(floor, 95))} ms\n`);
    console.log('| who | text | hits on page 1 | index | LIKE scan |');
    console.log('|---|---|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
