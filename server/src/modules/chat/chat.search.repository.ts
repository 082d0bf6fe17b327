/**
 * History search over the messages a staff member may read (GET /api/chat/search), newest
 * first. A text is looked up in the full-text index up to its mark and scanned with LIKE
 * above it (chat.search.index.ts); without an index, or for a text the engine cannot answer,
 * everything is scanned with LIKE. Every hit is checked with the same LIKE, so both ways
 * answer the same rows.
 */
import type { ChatRole } from '@kefu/shared/schemas/chat';
import { MESSAGE_SELECT, readableSql, toMessageRow, type MessageWithName, type Reader, type Tx } from './chat.rows.ts';
import { HOURS_TABLE, SEARCH_TABLE, fullTextMatch, readMark, type SearchEngine } from './chat.search.index.ts';

export interface SearchFilter {
  buyerId?: string;
  agentId?: number;
  text?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

export interface SearchHit {
  message: MessageWithName;
  buyerId: string;
  role: ChatRole;
}

/** The hits, and where the next page starts (`m.id < nextBeforeId`), or null at the end. */
export interface SearchPage {
  hits: SearchHit[];
  nextBeforeId: number | null;
}

/** Candidates read from the index per round (growing), and at most this many rounds per page. */
const FIRST_ROUND = 200;
const ROUNDS = 5;
/**
 * The newest messages below the mark scanned with LIKE before the index is asked. A common
 * text (a fifth of all messages say 发货; one character such as 鞋) fills a page from the
 * newest few thousand messages, while the index would first find and order every one of its
 * millions of matches (Groonga sorts all matches before the LIMIT): at 10 M messages that was
 * seconds. A text rarer than a page per window goes on to the index, whose lists are short.
 */
export const RECENT_WINDOW = 5_000;

/**
 * A buyer with at most this many messages (a busy regular has a few hundred) is searched by
 * scanning their own messages with LIKE, reached through their conversations: 2–5 ms at
 * 10 M messages, where the index first lists a common text's matches among everyone's
 * (`发货` with a buyer: 0.9 s for a page of 7; bench/README.md "bench/search").
 */
export const BUYER_SCAN_MAX = 20_000;
/**
 * A date range reaching at most this many message ids below the mark is scanned with LIKE
 * over that id range (tens of ms) instead of asking the index, whose candidates could all
 * lie outside it.
 */
export const RANGE_SCAN_MAX = 50_000;

/** The sizes above, other than the defaults (the tests page through small data with small ones). */
export interface SearchTuning {
  recentWindow?: number;
  firstRound?: number;
  buyerScanMax?: number;
  rangeScanMax?: number;
}

/**
 * The message ids a date range can reach below the mark, from each hour's lowest and highest
 * id (`chat_message_hour`, kept up to the mark by the index's refresh): from the lowest id of
 * the hours at or after `from`'s hour, to the highest of the hours that start before `to`.
 * Whole hours, so a message in the range is never outside it; the filter itself still checks
 * `created_at`. No hour there: an empty range (lower above upper).
 */
async function idRange(tx: Tx, from: Date | undefined, to: Date | undefined): Promise<{ lower: number; upper: number }> {
  let lower = 1;
  let upper = Number.MAX_SAFE_INTEGER;
  if (from) {
    const hour = new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000);
    const [row] = (await tx.query(`SELECT MIN(min_id) AS id FROM ${HOURS_TABLE} WHERE hour_start >= ?`, [hour])) as Array<{ id: number | string | null }>;
    lower = row?.id === null || row?.id === undefined ? Number.MAX_SAFE_INTEGER : Number(row.id);
  }
  if (to) {
    const [row] = (await tx.query(`SELECT MAX(max_id) AS id FROM ${HOURS_TABLE} WHERE hour_start < ?`, [to])) as Array<{ id: number | string | null }>;
    upper = row?.id === null || row?.id === undefined ? 0 : Number(row.id);
  }
  return { lower, upper };
}

/** How many messages a buyer has (each conversation's last sequence number), through the buyer's index. */
async function buyerMessages(tx: Tx, buyerId: string): Promise<number> {
  const [row] = (await tx.query('SELECT COALESCE(SUM(last_seq), 0) AS n FROM chat_conversation WHERE buyer_id = ?', [buyerId])) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(reader: Reader, filter: SearchFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const readable = readableSql(reader);
  where.push(readable.sql);
  params.push(...readable.params);
  if (filter.buyerId) {
    where.push('c.buyer_id = ?');
    params.push(filter.buyerId);
  }
  if (filter.agentId) {
    where.push('(m.staff_id = ? OR EXISTS (SELECT 1 FROM chat_change g WHERE g.conversation_id = c.id AND g.agent_id = ?))');
    params.push(filter.agentId, filter.agentId);
  }
  if (filter.text) {
    where.push(`m.body LIKE ? ESCAPE '\\\\'`);
    params.push(likePattern(filter.text));
  }
  if (filter.from) {
    where.push('m.created_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('m.created_at < ?');
    params.push(filter.to);
  }
  if (filter.beforeId) {
    where.push('m.id < ?');
    params.push(filter.beforeId);
  }
  return { where, params };
}

async function select(tx: Tx, where: string[], params: unknown[], limit: number): Promise<SearchHit[]> {
  const rows = (await tx.query(
    `SELECT ${MESSAGE_SELECT}, c.buyer_id AS buyerId, c.role AS convRole
     FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id LEFT JOIN staff s ON s.id = m.staff_id
     WHERE ${where.join(' AND ')} ORDER BY m.id DESC LIMIT ?`,
    [...params, limit],
  )) as Array<Record<string, unknown>>;
  return rows.map((raw) => ({ message: toMessageRow(raw), buyerId: String(raw.buyerId), role: raw.convRole as ChatRole }));
}

const pageOf = (hits: SearchHit[], limit: number): SearchPage => ({ hits, nextBeforeId: hits.length === limit ? hits[hits.length - 1]!.message.id : null });

export const searchRepository = {
  /** The LIKE scan (every message the filters reach). */
  async searchByScan(tx: Tx, reader: Reader, filter: SearchFilter): Promise<SearchPage> {
    const { where, params } = conditions(reader, filter);
    return pageOf(await select(tx, where, params, filter.limit), filter.limit);
  },

  /**
   * A text search through the index. A buyer with few messages is scanned with LIKE through
   * their conversations. Otherwise: first the messages above the mark (LIKE over an id range),
   * then, below it and within the ids a date range reaches (`idRange`), either the whole
   * range with LIKE when a date range makes it small, or the newest RECENT_WINDOW messages with LIKE and then
   * the index in rounds of candidates, newest first, each round joined to the messages and
   * filtered. A page that ran out of rounds before it was full still says where to go on
   * (`nextBeforeId`: below the last candidate read).
   */
  async search(tx: Tx, reader: Reader, filter: SearchFilter, engine: SearchEngine | null, tuning: SearchTuning = {}): Promise<SearchPage> {
    const { recentWindow = RECENT_WINDOW, firstRound = FIRST_ROUND, buyerScanMax = BUYER_SCAN_MAX, rangeScanMax = RANGE_SCAN_MAX } = tuning;
    const match = engine && filter.text ? fullTextMatch(engine, filter.text) : null;
    if (!match) return this.searchByScan(tx, reader, filter);
    if (filter.buyerId && (await buyerMessages(tx, filter.buyerId)) <= buyerScanMax) return this.searchByScan(tx, reader, filter);
    const mark = await readMark(tx);
    const { where, params } = conditions(reader, filter);
    const hits = await select(tx, [...where, 'm.id > ?'], [...params, mark], filter.limit);
    if (hits.length === filter.limit) return pageOf(hits, filter.limit);

    const dated = filter.from !== undefined || filter.to !== undefined;
    const range = dated ? await idRange(tx, filter.from, filter.to) : { lower: 1, upper: Number.MAX_SAFE_INTEGER };
    const lower = Math.max(1, range.lower);
    let upper = Math.min(mark, (filter.beforeId ?? Number.MAX_SAFE_INTEGER) - 1, range.upper);
    if (upper < lower) return { hits, nextBeforeId: null };
    if (dated && upper - lower < rangeScanMax) {
      hits.push(...(await select(tx, [...where, 'm.id >= ?', 'm.id <= ?'], [...params, lower, upper], filter.limit - hits.length)));
      return hits.length >= filter.limit ? pageOf(hits.slice(0, filter.limit), filter.limit) : { hits, nextBeforeId: null };
    }
    if (recentWindow > 0) {
      const recent = Math.max(lower - 1, upper - recentWindow);
      hits.push(...(await select(tx, [...where, 'm.id > ?', 'm.id <= ?'], [...params, recent, upper], filter.limit - hits.length)));
      if (hits.length >= filter.limit) return pageOf(hits.slice(0, filter.limit), filter.limit);
      upper = recent;
      if (upper < lower) return { hits, nextBeforeId: null };
    }

    // The index below that, newest first, in rounds bounded by the page's start (moving down
    // each round) and the range's lowest id. (Asking without the upper bound first, skipping
    // newer candidates in Node, made no measurable difference: bench/README.md "bench/search".)
    let round = firstRound;
    for (let k = 0; k < ROUNDS && upper >= lower; k++, round *= 4) {
      const candidates = (
        (await tx.query(
          `SELECT message_id AS id FROM ${SEARCH_TABLE} WHERE MATCH(${match.column}) AGAINST(? IN BOOLEAN MODE) AND message_id <= ? AND message_id >= ? ORDER BY message_id DESC LIMIT ?`,
          [match.query, upper, lower, round],
        )) as Array<{ id: number | string }>
      ).map((row) => Number(row.id));
      if (candidates.length) hits.push(...(await select(tx, [...where, 'm.id IN (?)'], [...params, candidates], filter.limit - hits.length)));
      if (hits.length >= filter.limit) return pageOf(hits.slice(0, filter.limit), filter.limit);
      if (candidates.length < round) return { hits, nextBeforeId: null }; // the index has no more
      upper = candidates[candidates.length - 1]! - 1;
    }
    return { hits, nextBeforeId: upper >= lower ? upper + 1 : null };
  },
};
