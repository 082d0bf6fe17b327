/**
 * The full-text index of chat messages (issue 11: history search at scale).
 *
 * `chat_message_text (message_id, body)` holds every text message's body under a CJK-aware
 * full-text index in the same database: the Mroonga engine on MariaDB (bigram tokens, also
 * across letters and digits, so a part of a tracking number is found like a part of a
 * Chinese sentence; plus `words`, below, for texts of only Latin letters and digits), the
 * `ngram` parser on MySQL 8. Neither there: no table, and the search scans with LIKE (said
 * once in the start-up log). How a search uses it: chat.search.repository.ts.
 *
 * Never missing a stored message, in three parts:
 * - the message batches do not write into the index (chat.messages.ts): the refresh below
 *   fills it behind them, many messages a statement, off the path of a message's ack;
 * - the *mark* (`setting` `chat.search_indexed_upto`) is a message id up to which every text
 *   message is known to be in the index. A refresh (at start, then every few seconds, one
 *   process at a time under a named lock) inserts whatever is missing above the mark (an
 *   `INSERT IGNORE … SELECT`: rows written before the table existed, by a process that did
 *   not know it, or lost by the engine in a crash) and moves the mark up to the messages
 *   older than a minute (a batch that has not committed within its 30 s timeout never will);
 * - the search itself reads the index only up to the mark and scans the messages above it
 *   with LIKE (a primary-key range: about the last minute's messages).
 * The refresh also sums up each hour's lowest and highest message id (`chat_message_hour`,
 * `HOURS_UPSERT`) before it moves the mark: a search between two dates reads from it the ids
 * the range can reach below the mark.
 * Until 2026-11-30 each batch also wrote its texts into the index before its COMMIT; as the
 * search never reads the index above the mark, that only made each message's ack wait for a
 * Mroonga write (bench/README.md "bench/chat": the ceiling 10,765 → 12,408 msg/s without it).
 * The search joins the messages and checks the text again with LIKE, so a row whose message
 * does not exist, or any difference between the engine's tokens and LIKE, never shows a
 * wrong result.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../../platform/log.ts';
import type { Queryable, Tx } from './chat.rows.ts';

export type SearchEngine = 'mroonga' | 'ngram';

export const SEARCH_TABLE = 'chat_message_text';
export const SEARCH_MARK_SETTING = 'chat.search_indexed_upto';
/** Each UTC hour's lowest and highest message id, up to the mark (`HOURS_UPSERT`). */
export const HOURS_TABLE = 'chat_message_hour';
/** Messages younger than this are not yet covered by the mark (they are scanned with LIKE). */
export const SEARCH_SETTLE_MS = 60_000;
export const SEARCH_REFRESH_MS = 5_000;
const CHUNK = 20_000;

/** Which full-text engine this database offers, if any. */
export async function availableSearchEngine(q: Queryable): Promise<SearchEngine | null> {
  const engines = ((await q.query(`SELECT ENGINE AS engine FROM information_schema.ENGINES WHERE ENGINE = 'Mroonga' AND SUPPORT IN ('YES', 'DEFAULT')`)) ?? []) as unknown[];
  if (engines.length) return 'mroonga';
  const version = ((await q.query('SELECT VERSION() AS v')) ?? []) as Array<{ v: string }>;
  const v = String(version[0]?.v ?? '');
  if (!v || /mariadb/i.test(v)) return null;
  return Number(v.split('.')[0]) >= 8 ? 'ngram' : null;
}

/**
 * The longest part of a run of Latin letters and digits kept as one word (see `WORDS_SQL`):
 * longer than any tracking, order or phone number; a longer search text is looked up by its
 * first WORD_CHARS characters (then checked with LIKE as every hit is).
 */
export const WORD_CHARS = 24;

/**
 * Numbers and Latin words, for the Mroonga index's second column (`words`, computed by
 * MariaDB from `body` as a stored generated column, so every write and refresh that fills
 * `body` fills it too): every run of Latin letters and digits, written out from each of its
 * characters on (at most WORD_CHARS of them), space-separated — `ZT77 ok` gives
 * `ZT77 T77 77 7 ok k`. Indexed as whole words (TokenDelimit), a text made only of such
 * characters is then a prefix search (`7702333*`) over these words: one short posting list
 * for a whole tracking number, where the bigram index walks the lists of `77`, `02`, `33` …
 * that are in every order and tracking number of the year. Complete: wherever such a text
 * occurs in a message, it lies inside one run, so it starts one of the run's suffixes.
 */
const WORD = '[\\\\p{Latin}\\\\p{N}]';
const WORDS_SQL = `REGEXP_REPLACE(REGEXP_REPLACE(body, '[^\\\\p{Latin}\\\\p{N}]+', ' '), '(${WORD})(?=(${WORD}{0,${WORD_CHARS - 1}}))', '\\\\1\\\\2 ')`;

/**
 * The DDL of the index table for an engine (the migration and a start after the engine was
 * installed both use it). Mroonga: bigrams over every script, NormalizerAuto (case and width
 * folded, like the utf8mb4_unicode_ci LIKE). MySQL 8: InnoDB FULLTEXT WITH PARSER ngram; the
 * stop-word list is English words that would drop bigrams, so it is off for this index.
 */
export function searchTableStatements(engine: SearchEngine): string[] {
  if (engine === 'mroonga') {
    return [
      `CREATE TABLE IF NOT EXISTS ${SEARCH_TABLE} (
        message_id BIGINT NOT NULL,
        body TEXT NOT NULL,
        words MEDIUMTEXT AS (${WORDS_SQL}) STORED,
        PRIMARY KEY (message_id),
        FULLTEXT INDEX ft_chat_message_text (body) COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit", normalizer "NormalizerAuto"',
        FULLTEXT INDEX ft_chat_message_words (words) COMMENT 'tokenizer "TokenDelimit", normalizer "NormalizerAuto"'
      ) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    ];
  }
  return [
    'SET SESSION innodb_ft_enable_stopword = 0',
    `CREATE TABLE IF NOT EXISTS ${SEARCH_TABLE} (
      message_id BIGINT NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (message_id),
      FULLTEXT INDEX ft_chat_message_text (body) WITH PARSER ngram
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  ];
}

/** The engine of an existing index table, or null when there is none. */
export async function indexedEngine(q: Queryable): Promise<SearchEngine | null> {
  const rows = ((await q.query(`SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, [SEARCH_TABLE])) ?? []) as Array<{ engine: string }>;
  const engine = rows[0]?.engine;
  if (!engine) return null;
  return /mroonga/i.test(engine) ? 'mroonga' : 'ngram';
}

/** The index's part of a search: which indexed column, and the engine's query for it. */
export interface FullTextMatch {
  column: 'body' | 'words';
  query: string;
}

/** Only Latin letters and digits (of any width): a text the `words` column answers. */
const WORDS_ONLY = /^[\p{Script=Latin}\p{N}]+$/u;

/**
 * The index's part of a search for a text, or null when the engine cannot answer it (then
 * LIKE). On Mroonga a text of Latin letters and digits only (a tracking number, an order
 * number, a word) is a prefix search over `words` (lower-cased: the engine's query syntax
 * reads an upper-case `OR` as an operator; the index folds case anyway); anything else a
 * phrase over the bigrams of `body`.
 */
export function fullTextMatch(engine: SearchEngine, text: string): FullTextMatch | null {
  if (engine === 'mroonga') {
    const word = [...text.toLowerCase()].slice(0, WORD_CHARS).join('');
    if (WORDS_ONLY.test(text) && WORDS_ONLY.test(word)) return { column: 'words', query: `${word}*` };
    return { column: 'body', query: `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"` };
  }
  // ngram's tokens are 2 characters: a shorter text, or one with a quote, cannot be a phrase.
  if ([...text].length < 2 || text.includes('"')) return null;
  return { column: 'body', query: `"${text}"` };
}

/**
 * The hours of the messages in an id range (`id > ? AND id <= ?`) into `chat_message_hour`,
 * widening an hour's id range already there (migration 1735862400000: a date range's search
 * reads the ids it reaches from it). Written with the index, before the mark moves over them.
 */
export const HOURS_UPSERT = `INSERT INTO ${HOURS_TABLE} (hour_start, min_id, max_id)
  SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:00:00') AS h, MIN(id), MAX(id) FROM chat_message WHERE id > ? AND id <= ? GROUP BY h
  ON DUPLICATE KEY UPDATE min_id = LEAST(min_id, VALUES(min_id)), max_id = GREATEST(max_id, VALUES(max_id))`;

export async function readMark(tx: Tx): Promise<number> {
  const rows = (await tx.query('SELECT value FROM setting WHERE setting_key = ?', [SEARCH_MARK_SETTING])) as Array<{ value: string }>;
  return Number(rows[0]?.value ?? 0) || 0;
}

/** This process's view of the index: which engine, and whether it is in use. */
export class ChatSearchIndex {
  engine: SearchEngine | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private checked = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  /** Finds (or, when the engine was installed after the migration, creates) the index and starts keeping it complete. */
  async start(): Promise<void> {
    let engine = await indexedEngine(this.db.manager);
    if (!engine) {
      const available = await availableSearchEngine(this.db.manager);
      if (available) {
        await this.db.transaction(async (tx) => {
          for (const statement of searchTableStatements(available)) await tx.query(statement);
        });
        engine = available;
      }
    }
    this.engine = engine;
    if (!engine) {
      this.log.info('chat search: no full-text engine (Mroonga on MariaDB, ngram on MySQL 8); history text search scans the messages with LIKE');
      return;
    }
    this.log.info(`chat search: full-text index ${SEARCH_TABLE} (${engine === 'mroonga' ? 'Mroonga' : 'InnoDB ngram'})`);
    this.timer ??= setInterval(() => void (this.refreshing ? null : this.refresh())?.catch((err) => this.log.warn('chat search index refresh failed', { err: String(err) })), SEARCH_REFRESH_MS);
    this.timer.unref();
    void this.refresh().catch((err) => this.log.warn('chat search index refresh failed', { err: String(err) }));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Fills the index above the mark and moves the mark up (one process at a time; a busy lock
   * is skipped). Asked while one runs, it runs once more after it (so it sees what was
   * written meanwhile).
   */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.refreshOnce().finally(() => (this.refreshing = null));
      return this.refreshing;
    }
    this.again ??= this.refreshing.catch(() => undefined).then(() => {
      this.again = null;
      return this.refresh();
    });
    return this.again;
  }

  /**
   * Once per process start: the index must hold every text message up to the mark. The
   * engine may have lost rows in a crash (Mroonga writes are not transactional); then the
   * mark goes back to 0 and the refresh fills the index again from the messages (searches
   * meanwhile scan with LIKE above the mark, so they miss nothing). Rows of rolled-back
   * batches are not counted (joined to the messages). It runs in the background, once.
   */
  private async checkBelowMark(tx: Tx): Promise<void> {
    const mark = await readMark(tx);
    if (mark === 0) return;
    const [messages] = (await tx.query(`SELECT COUNT(*) AS n FROM chat_message WHERE id <= ? AND kind = 'text' AND body IS NOT NULL`, [mark])) as Array<{ n: number }>;
    // Joined: a row of a rolled-back batch (its message does not exist) must not hide a missing one.
    const [indexed] = (await tx.query(`SELECT COUNT(*) AS n FROM ${SEARCH_TABLE} t JOIN chat_message m ON m.id = t.message_id WHERE t.message_id <= ?`, [mark])) as Array<{
      n: number;
    }>;
    if (Number(indexed?.n) >= Number(messages?.n)) return;
    this.log.warn('chat search index is missing messages below its mark; filling it again from the messages', { mark, messages: Number(messages?.n), indexed: Number(indexed?.n) });
    await tx.query(`UPDATE setting SET value = '0', updated_at = ? WHERE setting_key = ?`, [this.clock(), SEARCH_MARK_SETTING]);
  }

  private async refreshOnce(): Promise<void> {
    if (!this.engine || !this.db.isInitialized) return;
    const runner = this.db.createQueryRunner();
    try {
      await runner.connect();
      const [lock] = (await runner.query(`SELECT GET_LOCK(CONCAT('kefu_chat_search_index:', DATABASE()), 0) AS got`)) as Array<{ got: number }>;
      if (Number(lock?.got) !== 1) return;
      try {
        if (!this.checked) await this.checkBelowMark(runner.manager);
        this.checked = true;
        const mark = await readMark(runner.manager);
        const settled = new Date(this.clock().getTime() - SEARCH_SETTLE_MS);
        const [young] = (await runner.query('SELECT MIN(id) AS id FROM chat_message WHERE created_at > ?', [settled])) as Array<{ id: number | null }>;
        const [top] = (await runner.query('SELECT COALESCE(MAX(id), 0) AS id FROM chat_message')) as Array<{ id: number }>;
        const target = young?.id ? Number(young.id) - 1 : Number(top?.id ?? 0);
        if (target <= mark) return;
        for (let from = mark; from < target; from += CHUNK) {
          const to = Math.min(target, from + CHUNK);
          await runner.query(
            `INSERT IGNORE INTO ${SEARCH_TABLE} (message_id, body) SELECT id, body FROM chat_message WHERE id > ? AND id <= ? AND kind = 'text' AND body IS NOT NULL`,
            [from, to],
          );
          await runner.query(HOURS_UPSERT, [from, to]);
          await runner.query(
            `INSERT INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = IF(CAST(value AS UNSIGNED) < CAST(VALUES(value) AS UNSIGNED), VALUES(value), value), updated_at = VALUES(updated_at)`,
            [SEARCH_MARK_SETTING, String(to), this.clock()],
          );
        }
      } finally {
        await runner.query(`SELECT RELEASE_LOCK(CONCAT('kefu_chat_search_index:', DATABASE()))`);
      }
    } finally {
      await runner.release();
    }
  }
}
