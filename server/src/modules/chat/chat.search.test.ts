import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import type { Socket } from 'socket.io-client';
import { startTestServer, testConfig, type TestServer } from '../../testing/harness.ts';
import { loggedIn, type TestClient } from '../../testing/http-client.ts';
import { createLogger } from '../../platform/log.ts';
import { ChatSearch1734220800000 } from '../../migrations/1734220800000-chat-search.ts';
import { ChatSearchWords1735603200000 } from '../../migrations/1735603200000-chat-search-words.ts';
import { buyerSocket, clientId, startBuyer } from './chat.fixtures.ts';
import { chatRepository } from './chat.repository.ts';
import type { SearchFilter, SearchTuning } from './chat.search.repository.ts';
import { ChatSearchIndex, HOURS_UPSERT, SEARCH_MARK_SETTING, fullTextMatch, indexedEngine, readMark } from './chat.search.index.ts';

let server: TestServer;
let supervisor: TestClient;
let socket: Socket;
let conversationId: number;

const TEXTS = [
  '您好，快递单号是ZT7788123456，请查收',
  '您购买的是手工鞋，需要订做，付款后48小时内发货',
  'Hello? anyone there?',
  '鞋子 42码 有货吗',
  '100% 真皮，editor_choice 款',
  '他说"好的"就走了',
  '序列号 SN0123456789ABCDEFGHIJKLMNOPQ 已登记',
  '全角单号 ＺＴ１２３４５ 收到',
  '订单号 26000012345，OR 明天到',
];

const QUERIES = ['鞋', '手工鞋', '订做，付款', '7788', 'zt7788', 'ANYONE', '42码', '100%', '_', 'editor_c', '"好的"', '没有这句话', 'o'];
/**
 * Texts of Latin letters and digits only (the index's `words` column answers these): whole
 * and partial numbers, a part in the middle of a run longer than the words kept (24), full
 * width either way, an upper-case OR (an operator in the engine's query syntax), 2 digits.
 */
const WORD_QUERIES = ['ZT7788123456', '7788123456', '8123', '0123456789ABCDEFGHIJKLMNOP', '3456789ABCDEFGHIJKLMNOPQ', 'ＺＴ１２３', 'zt12345', '26000012345', '12345', 'OR', '00', 'choice', 'SN9', 'Hello'];

async function search(text: string, extra = ''): Promise<Array<{ id: number; text: string | null }>> {
  const page = await supervisor.request('GET', `/api/chat/search?text=${encodeURIComponent(text)}&limit=200${extra}`);
  expect(page.status).toBe(200);
  return page.body.results.map((r: { message: { id: number; text: string | null } }) => ({ id: r.message.id, text: r.message.text }));
}

/** What the LIKE scan alone answers: the reference every indexed search must equal. */
async function scanned(text: string): Promise<number[]> {
  const page = await chatRepository.searchByScan(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { text, limit: 200 });
  return page.hits.map((hit) => hit.message.id);
}

/** Every hit of a search through the repository (as the supervisor), page after page (at most 10), in order. */
async function pagedThroughIndex(filter: SearchFilter, tuning: SearchTuning): Promise<number[]> {
  const ids: number[] = [];
  let beforeId: number | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await chatRepository.search(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { ...filter, ...(beforeId ? { beforeId } : {}) }, 'mroonga', tuning);
    ids.push(...res.hits.map((hit) => hit.message.id));
    if (!res.nextBeforeId) break;
    beforeId = res.nextBeforeId;
  }
  return ids;
}

async function indexedIds(): Promise<number[]> {
  return ((await server.db.query('SELECT message_id AS id FROM chat_message_text ORDER BY message_id')) as Array<{ id: number }>).map((r) => Number(r.id));
}

async function textIds(): Promise<number[]> {
  return ((await server.db.query(`SELECT id FROM chat_message WHERE kind = 'text' ORDER BY id`)) as Array<{ id: number }>).map((r) => Number(r.id));
}

/**
 * Makes every message older than the settle time, then lets the index catch up (as its timer
 * would). Moving the times moves messages between hours, which no message ever does: the
 * hours already summed up are summed again.
 */
async function settle(): Promise<void> {
  await server.db.query('UPDATE chat_message SET created_at = DATE_SUB(created_at, INTERVAL 5 MINUTE)');
  await sumHoursAgain();
  await server.app.chat.searchIndex.refresh();
}

async function sumHoursAgain(): Promise<void> {
  await server.db.query('DELETE FROM chat_message_hour');
  await server.db.query(HOURS_UPSERT, [0, await readMark(server.db.manager)]);
}

beforeAll(async () => {
  server = await startTestServer({ config: testConfig({ BUYER_SESSION_LIMIT: '100000', BUYER_MESSAGES_PER_10S: '1000' }), serveClient: false });
  await server.app.chat.searchReady;
  supervisor = await loggedIn(server.baseUrl, 'supervisor');
  const buyer = await startBuyer(server.baseUrl, 'search-buyer');
  socket = await buyerSocket(buyer);
  for (const text of TEXTS) {
    const ack = await socket.emitWithAck('message:send', { clientId: clientId(), text });
    expect(ack.message?.conversationId, JSON.stringify(ack)).toBeGreaterThan(0);
    conversationId = ack.message.conversationId;
  }
});

afterAll(async () => {
  socket?.close();
  await server?.close();
});

describe('history text search through the full-text index (issue 11)', () => {
  it('uses Mroonga on this MariaDB; a message just written is found at once, by LIKE above the mark', async () => {
    expect(server.app.chat.searchIndex.engine).toBe('mroonga');
    expect(await indexedEngine(server.db.manager)).toBe('mroonga');
    // Just written: not in the index (the message batches do not write into it), above the mark, found.
    await server.app.chat.searchIndex.refresh();
    expect(await indexedIds()).toEqual([]);
    expect(await readMark(server.db.manager)).toBe(0);
    expect((await search('手工鞋')).map((r) => r.text)).toEqual([TEXTS[1]]);
    // Once older than the settle time, the refresh puts them in and moves the mark: next test.
  });

  it('never misses a stored message: rows the index lost or never got are found, then caught up', async () => {
    // A message stored by a process that did not know the index, and one the engine lost.
    const [{ seq }] = await server.db.query('SELECT MAX(seq) AS seq FROM chat_message WHERE conversation_id = ?', [conversationId]);
    await server.db.query(
      `INSERT INTO chat_message (conversation_id, seq, client_id, sender, kind, body, created_at) VALUES (?, ?, ?, 'buyer', 'text', '绕过索引的留言 XK-31', NOW(3))`,
      [conversationId, Number(seq) + 1, clientId()],
    );
    await server.db.query('UPDATE chat_conversation SET last_seq = last_seq + 1 WHERE id = ?', [conversationId]);
    await server.db.query(`DELETE FROM chat_message_text WHERE body LIKE '%ZT7788%'`);
    expect((await search('XK-31')).map((r) => r.text)).toEqual(['绕过索引的留言 XK-31']);
    expect((await search('ZT7788')).length).toBe(1);

    await settle();
    expect(await readMark(server.db.manager)).toBe(Math.max(...(await textIds())));
    expect(await indexedIds()).toEqual(await textIds());
    expect((await search('XK-31')).length).toBe(1);
    const page = await chatRepository.search(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { text: '手工鞋', limit: 50 }, 'mroonga', { recentWindow: 0 });
    expect(page.hits.map((hit) => hit.message.body)).toEqual([TEXTS[1]]);
  });

  it.each(QUERIES)('answers %j exactly as the LIKE scan does', async (text) => {
    await settle();
    expect((await search(text)).map((r) => r.id)).toEqual(await scanned(text));
  });

  it.each([...QUERIES, ...WORD_QUERIES])('answers %j through the index alone (no LIKE window over the newest messages) as the LIKE scan does', async (text) => {
    await settle();
    const page = await chatRepository.search(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { text, limit: 200 }, 'mroonga', { recentWindow: 0 });
    expect(page.hits.map((hit) => hit.message.id)).toEqual(await scanned(text));
  });

  it.each(WORD_QUERIES)('answers %j through the API as the LIKE scan does', async (text) => {
    await settle();
    expect((await search(text)).map((r) => r.id)).toEqual(await scanned(text));
  });

  it('a text of Latin letters and digits is looked up among the words of the messages, anything else among their bigrams', () => {
    expect(fullTextMatch('mroonga', 'ZT7788123456')).toEqual({ column: 'words', query: 'zt7788123456*' });
    expect(fullTextMatch('mroonga', 'OR')).toEqual({ column: 'words', query: 'or*' });
    expect(fullTextMatch('mroonga', '0123456789ABCDEFGHIJKLMNOPQRS')).toEqual({ column: 'words', query: '0123456789abcdefghijklmn*' });
    expect(fullTextMatch('mroonga', 'ZT-7788')).toEqual({ column: 'body', query: '"ZT-7788"' });
    expect(fullTextMatch('mroonga', '单号ZT7788')).toEqual({ column: 'body', query: '"单号ZT7788"' });
    expect(fullTextMatch('ngram', 'ZT7788')).toEqual({ column: 'body', query: '"ZT7788"' });
  });

  it('pages through many hits newest first, each once, with the other filters applied', async () => {
    // 12: the buyer stays under the per-buyer limit (20 messages per 10 s).
    for (let k = 0; k < 12; k++) await socket.emitWithAck('message:send', { clientId: clientId(), text: `第${k}双 鞋码确认` });
    await settle();
    const seen: number[] = [];
    let before = '';
    for (let page = 0; page < 10; page++) {
      const res = await supervisor.request('GET', `/api/chat/search?text=${encodeURIComponent('鞋码确认')}&limit=5&buyerId=search-buyer${before}`);
      seen.push(...res.body.results.map((r: { message: { id: number } }) => r.message.id));
      if (!res.body.nextBeforeId) break;
      before = `&beforeId=${res.body.nextBeforeId}`;
    }
    expect(seen).toEqual(await scanned('鞋码确认'));
    expect(seen).toHaveLength(12);
    // The same pages with the newest messages scanned by LIKE over windows of 0 (the index
    // alone), 3 and 7 ids (a page made partly of the window's hits, partly of the index's),
    // and the index read 2 candidates at first (a page then takes several rounds).
    for (const [window, firstRound] of [[0, 200], [3, 200], [7, 200], [0, 2], [3, 2]] as const) {
      const paged = await pagedThroughIndex({ text: '鞋码确认', buyerId: 'search-buyer', limit: 5 }, { recentWindow: window, firstRound, buyerScanMax: 0 });
      expect(paged, `window ${window}, first round ${firstRound}`).toEqual(seen);
    }
    expect(await search('鞋码确认', '&buyerId=someone-else')).toEqual([]);
  });

  it('a buyer with few messages is searched among their own messages, one with many through the index, both as the LIKE scan', async () => {
    await settle();
    const reader = { staffId: 0, supervisor: true, roles: [] };
    for (const text of ['鞋码确认', '鞋', 'ZT7788', '没有这句话']) {
      const expected = (await chatRepository.searchByScan(server.db.manager, reader, { text, buyerId: 'search-buyer', limit: 200 })).hits.map((hit) => hit.message.id);
      for (const tuning of [{}, { buyerScanMax: 0, recentWindow: 0 }]) {
        const page = await chatRepository.search(server.db.manager, reader, { text, buyerId: 'search-buyer', limit: 200 }, 'mroonga', tuning);
        expect(page.hits.map((hit) => hit.message.id), `${text} ${JSON.stringify(tuning)}`).toEqual(expected);
      }
    }
  });

  it('a date range finds exactly the messages written in it, also where message ids do not follow their times', async () => {
    await settle();
    // The messages so far a year before, so the ones below are the newest in time: then the
    // lowest id a range's start reaches is one of theirs.
    await server.db.query(`UPDATE chat_message SET created_at = '2024-03-01 00:00:00' + INTERVAL id SECOND`);
    await sumHoursAgain();
    // Written out of time order (as the demo's history and an import are): the highest ids
    // carry the earliest times, an hour's messages are apart in ids.
    const written: Array<[string, string]> = [
      ['2025-03-01 10:30:00.000', '旧账 第一条'],
      ['2025-03-03 09:00:00.000', '旧账 第二条'],
      ['2025-03-01 23:59:59.500', '旧账 第三条'],
      ['2025-03-02 00:00:00.000', '旧账 第四条'],
      ['2025-02-01 08:15:00.000', '旧账 第五条'],
      ['2025-03-01 10:45:00.000', '旧账 第六条'],
    ];
    const [{ seq }] = await server.db.query('SELECT MAX(seq) AS seq FROM chat_message WHERE conversation_id = ?', [conversationId]);
    for (const [k, [at, text]] of written.entries()) {
      await server.db.query(`INSERT INTO chat_message (conversation_id, seq, client_id, sender, kind, body, created_at) VALUES (?, ?, ?, 'buyer', 'text', ?, ?)`, [
        conversationId,
        Number(seq) + 1 + k,
        clientId(),
        text,
        at,
      ]);
    }
    await server.db.query('UPDATE chat_conversation SET last_seq = ? WHERE id = ?', [Number(seq) + written.length, conversationId]);
    await server.app.chat.searchIndex.refresh();
    // Every message up to the mark is inside its hour's id range.
    const [outside] = await server.db.query(
      `SELECT COUNT(*) AS n FROM chat_message m LEFT JOIN chat_message_hour h ON h.hour_start = DATE_FORMAT(m.created_at, '%Y-%m-%d %H:00:00')
       WHERE m.id <= ? AND (h.hour_start IS NULL OR m.id < h.min_id OR m.id > h.max_id)`,
      [await readMark(server.db.manager)],
    );
    expect(Number(outside.n)).toBe(0);

    const reader = { staffId: 0, supervisor: true, roles: [] };
    const ranges: Array<{ from?: string; to?: string }> = [
      { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z' },
      { from: '2025-03-01T10:20:00Z', to: '2025-03-01T10:40:00Z' },
      { from: '2025-03-01T10:40:00Z', to: '2025-03-02T00:00:00.001Z' },
      { from: '2025-03-01T23:00:00Z', to: '2025-03-03T00:00:00Z' },
      { from: '2025-03-02T00:00:00Z' },
      { to: '2025-03-02T00:00:00Z' },
      { from: '2025-02-01T08:15:00Z', to: '2025-02-01T08:15:00.001Z' },
      { from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z' },
      { from: '2026-01-01T00:00:00+08:00' },
    ];
    for (const range of ranges) {
      const filter = { text: '旧账', ...(range.from ? { from: new Date(range.from) } : {}), ...(range.to ? { to: new Date(range.to) } : {}) };
      const expected = (await chatRepository.searchByScan(server.db.manager, reader, { ...filter, limit: 200 })).hits.map((hit) => hit.message.id);
      // The whole range by LIKE, the index alone, and the index two candidates a round with a window of one, in pages of 2.
      for (const tuning of [{}, { rangeScanMax: 0, recentWindow: 0 }, { rangeScanMax: 0, recentWindow: 1, firstRound: 1 }]) {
        const paged = await pagedThroughIndex({ ...filter, limit: 2 }, tuning);
        expect(paged, `${JSON.stringify(range)} ${JSON.stringify(tuning)}`).toEqual(expected);
      }
      const query = `${range.from ? `&from=${encodeURIComponent(range.from)}` : ''}${range.to ? `&to=${encodeURIComponent(range.to)}` : ''}`;
      expect((await search('旧账', query)).map((r) => r.id), JSON.stringify(range)).toEqual(expected);
    }
    expect((await search('旧账', `&from=${encodeURIComponent('2025-03-01T00:00:00Z')}&to=${encodeURIComponent('2025-03-02T00:00:00Z')}`)).map((r) => r.text)).toEqual([
      '旧账 第六条',
      '旧账 第三条',
      '旧账 第一条',
    ]);
  });

  it('an index that lost rows below its mark is filled again on the next start', async () => {
    await settle();
    const before = await indexedIds();
    await server.db.query(`DELETE FROM chat_message_text WHERE body LIKE '%手工鞋%' OR body LIKE '%42码%'`);
    expect((await indexedIds()).length).toBe(before.length - 2);
    const restarted = new ChatSearchIndex(server.db, () => new Date(), createLogger('test', 'warn'));
    await restarted.start();
    await restarted.refresh();
    restarted.stop();
    expect(await indexedIds()).toEqual(before);
  });

  it('an index made before the words column is made again by the migration and filled from the messages', async () => {
    await settle();
    const before = await indexedIds();
    await server.db.query('DROP TABLE chat_message_text');
    // The DDL of ChatSearch1734220800000 as it was first written.
    await server.db.query(`CREATE TABLE chat_message_text (message_id BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (message_id),
      FULLTEXT INDEX ft_chat_message_text (body) COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit", normalizer "NormalizerAuto"') ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await server.db.query('INSERT INTO chat_message_text (message_id, body) SELECT id, body FROM chat_message WHERE kind = \'text\'');
    const runner = server.db.createQueryRunner();
    try {
      await new ChatSearchWords1735603200000().up(runner);
      expect(await readMark(server.db.manager)).toBe(0);
      expect(await indexedIds()).toEqual([]);
      // Until the refresh has run, the search scans: nothing is missed meanwhile.
      expect((await search('7788123456')).map((r) => r.text)).toEqual([TEXTS[0]]);
      await server.app.chat.searchIndex.refresh();
      expect(await indexedIds()).toEqual(before);
      const page = await chatRepository.search(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { text: '7788123456', limit: 50 }, 'mroonga', { recentWindow: 0 });
      expect(page.hits.map((hit) => hit.message.body)).toEqual([TEXTS[0]]);
      await new ChatSearchWords1735603200000().up(runner); // a second run leaves the new table alone
      expect(await indexedIds()).toEqual(before);
    } finally {
      await runner.release();
    }
  });

  it('the migration makes no index where the database has no engine for it, and the search still answers', async () => {
    const migration = new ChatSearch1734220800000();
    const runner = server.db.createQueryRunner();
    try {
      await migration.down(runner);
      // A MariaDB without Mroonga: the engine probe finds nothing.
      const withoutMroonga = new Proxy(runner, {
        get: (target, key) =>
          key === 'query'
            ? (sql: string, params?: unknown[]) => (/information_schema\.ENGINES/.test(sql) ? Promise.resolve([]) : target.query(sql, params))
            : Reflect.get(target, key),
      }) as QueryRunner;
      await migration.up(withoutMroonga);
      expect(await indexedEngine(server.db.manager)).toBeNull();
      const page = await chatRepository.search(server.db.manager, { staffId: 0, supervisor: true, roles: [] }, { text: '手工鞋', limit: 50 }, null);
      expect(page.hits.map((hit) => hit.message.body)).toEqual([TEXTS[1]]);
      const [mark] = await server.db.query('SELECT COUNT(*) AS n FROM setting WHERE setting_key = ?', [SEARCH_MARK_SETTING]);
      expect(Number(mark.n)).toBe(0);
    } finally {
      await migration.up(runner); // back as it was for the server's own index
      await runner.release();
    }
  });
});
