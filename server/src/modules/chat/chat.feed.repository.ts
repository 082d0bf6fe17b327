/**
 * The change feed (chat_change): every state change of a conversation gets the next feed
 * number under the counter's row lock, so feed order is commit order; clients catch up from
 * the last number they saw (docs/chat.md).
 */
import type { ChangeRow } from './chat.entity.ts';
import { num, toChange, type Reader, type Tx } from './chat.rows.ts';

export const feedRepository = {
  /** The next feed number, under the counter's row lock (held to commit: feed order = commit order). */
  async nextFeedSeq(tx: Tx): Promise<number> {
    await tx.query(`UPDATE chat_counter SET value = LAST_INSERT_ID(value + 1) WHERE name = 'feed'`);
    const rows = (await tx.query('SELECT LAST_INSERT_ID() AS v')) as Array<{ v: number }>;
    return num(rows[0]?.v);
  },

  async feedHead(tx: Tx): Promise<number> {
    const rows = (await tx.query(`SELECT value FROM chat_counter WHERE name = 'feed'`)) as Array<{ value: number }>;
    return num(rows[0]?.value ?? 0);
  },

  /** Records a change; call last in the transaction (the counter lock is held until commit). */
  async insertChange(tx: Tx, change: Omit<ChangeRow, 'feedSeq'>): Promise<ChangeRow> {
    const feedSeq = await feedRepository.nextFeedSeq(tx);
    await tx.query(
      `INSERT INTO chat_change (feed_seq, conversation_id, kind, version, agent_id, prev_agent_id, role, prev_role, status, prev_status, by_staff_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [feedSeq, change.conversationId, change.kind, change.version, change.agentId, change.prevAgentId, change.role, change.prevRole, change.status, change.prevStatus, change.byStaffId, change.at],
    );
    return { feedSeq, ...change };
  },

  /** Records several changes with consecutive feed numbers in two statements and one insert; call last, as `insertChange`. */
  async insertChanges(tx: Tx, changes: ReadonlyArray<Omit<ChangeRow, 'feedSeq'>>): Promise<ChangeRow[]> {
    if (!changes.length) return [];
    await tx.query(`UPDATE chat_counter SET value = LAST_INSERT_ID(value + ?) WHERE name = 'feed'`, [changes.length]);
    const rows = (await tx.query('SELECT LAST_INSERT_ID() AS v')) as Array<{ v: number }>;
    const first = num(rows[0]?.v) - changes.length + 1;
    const made = changes.map((change, i) => ({ feedSeq: first + i, ...change }));
    await tx.query(
      `INSERT INTO chat_change (feed_seq, conversation_id, kind, version, agent_id, prev_agent_id, role, prev_role, status, prev_status, by_staff_id, at) VALUES ?`,
      [made.map((c) => [c.feedSeq, c.conversationId, c.kind, c.version, c.agentId, c.prevAgentId, c.role, c.prevRole, c.status, c.prevStatus, c.byStaffId, c.at])],
    );
    return made;
  },

  /** Changes after `after` (up to `upTo`) that concern this reader. */
  async changesFor(tx: Tx, reader: Reader, after: number, upTo: number, limit: number): Promise<ChangeRow[]> {
    const params: unknown[] = [after, upTo];
    let visible = '';
    if (!reader.supervisor) {
      const roles = reader.roles.length ? reader.roles : ['-'];
      visible = ` AND (agent_id = ? OR prev_agent_id = ? OR (status = 'queued' AND role IN (?)) OR (prev_status = 'queued' AND prev_role IN (?)))`;
      params.push(reader.staffId, reader.staffId, roles, roles);
    }
    const rows = (await tx.query(
      `SELECT feed_seq AS feedSeq, conversation_id AS conversationId, kind, version, agent_id AS agentId, prev_agent_id AS prevAgentId, role,
         prev_role AS prevRole, status, prev_status AS prevStatus, by_staff_id AS byStaffId, at
       FROM chat_change WHERE feed_seq > ? AND feed_seq <= ?${visible} ORDER BY feed_seq LIMIT ?`,
      [...params, limit],
    )) as Array<Record<string, unknown>>;
    return rows.map(toChange);
  },
};
