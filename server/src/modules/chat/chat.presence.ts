/**
 * Agent presence: online / away / offline / invisible, set by the agent and by their socket
 * connection. Every change is logged with its time (agent_presence_log; the attendance
 * detectors read it for G03a/G03b). Only online agents get new chats; coming online drains
 * the queue at once. Invisible (隐身, issue 14) is connected but offered nothing and shown to
 * colleagues as offline; a reconnect restores away or invisible if that was chosen.
 */
import type { DataSource } from 'typeorm';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { Presence, PresenceStatus } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { AppError } from '@kefu/shared/errors';
import type { Logger } from '../../platform/log.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { maskedPresence, type ChatBroadcaster } from './chat.broadcast.ts';
import type { PresenceRow } from './chat.entity.ts';
import { chatRepository, type Tx } from './chat.repository.ts';
import type { ChatService } from './chat.service.ts';

type Source = 'agent' | 'socket';

export function isAgent(user: SessionUser): boolean {
  return hasAnyRole(user.roles, ['presale', 'aftersale']);
}

/** What happens when an agent stops serving (chat.handover.ts); set where the app is composed. */
export interface AbsenceHandler {
  handOverFrom(staffId: number): Promise<number>;
  afterDisconnect(staffId: number): Promise<void>;
}

export class PresenceService {
  absence: AbsenceHandler | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly broadcast: ChatBroadcaster,
    private readonly chat: ChatService,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {}

  /** Everyone's presence as this viewer may see it (invisible colleagues read as offline). */
  async list(viewer: SessionUser): Promise<Presence[]> {
    const all = await chatRepository.presenceList(this.db.manager);
    return viewer.roles.includes('supervisor') ? all : all.map((p) => (p.staffId === viewer.id ? p : maskedPresence(p)));
  }

  /** The agent chose a status (a reconnect restores online or away; offline is left by disconnecting). */
  async set(user: SessionUser, status: PresenceStatus): Promise<Presence> {
    if (!isAgent(user)) throw new AppError('forbidden', 'Only pre-sale and after-sale agents have a presence');
    await this.transition(user.id, 'agent', (row) => ({ status, chosen: status === 'offline' ? row.chosen : status }));
    // A chosen away or offline takes effect at once: nobody waits on an agent who said they left.
    if (status !== 'online') await this.absence?.handOverFrom(user.id).catch((err) => this.log.warn('handover failed', { staffId: user.id, err: String(err) }));
    return (await chatRepository.presenceList(this.db.manager, [user.id]))[0]!;
  }

  /** A socket of this agent connected: back to what they chose (online unless they chose away or invisible). */
  async connected(user: SessionUser): Promise<void> {
    if (!isAgent(user)) return;
    await this.transition(user.id, 'socket', (row) => (row.status === 'offline' ? { status: row.chosen === 'away' || row.chosen === 'invisible' ? row.chosen : 'online', chosen: row.chosen } : null));
  }

  /**
   * A socket disconnected: offline when it was the agent's last one on any process. A
   * server restart does not count (the clients reconnect to another process at once).
   */
  async disconnected(staffId: number, reason: string): Promise<void> {
    if (reason === 'server shutting down' || this.chat.closing || !this.db.isInitialized) return;
    try {
      const wentOffline = await this.transition(staffId, 'socket', async (row) => {
        if (row.status === 'offline') return null;
        // Asked while holding the row lock: a connect racing with us either shows up here or
        // takes the lock after us and sets the agent back online.
        const sockets = await this.io.in(rooms.staff(staffId)).fetchSockets();
        return sockets.length ? null : { status: 'offline', chosen: row.chosen };
      });
      if (wentOffline === 'offline') await this.absence?.afterDisconnect(staffId);
    } catch (err) {
      if (this.db.isInitialized && !this.chat.closing) throw err; // else this process is stopping: its sockets are going anyway
    }
  }

  private async transition(
    staffId: number,
    source: Source,
    decide: (row: PresenceRow) => { status: PresenceStatus; chosen: PresenceStatus } | null | Promise<{ status: PresenceStatus; chosen: PresenceStatus } | null>,
  ): Promise<PresenceStatus | null> {
    const now = this.clock();
    const changed = await this.db.transaction(async (tx: Tx) => {
      await tx.query(`INSERT IGNORE INTO agent_presence (staff_id, status, chosen, since) VALUES (?, 'offline', 'online', ?)`, [staffId, now]);
      const [row] = (await tx.query(
        'SELECT staff_id AS staffId, status, chosen, since, last_assigned_at AS lastAssignedAt FROM agent_presence WHERE staff_id = ? FOR UPDATE',
        [staffId],
      )) as PresenceRow[];
      if (!row) return null;
      const next = await decide(row);
      if (!next || (next.status === row.status && next.chosen === row.chosen)) return null;
      const statusChanged = next.status !== row.status;
      await tx.query(`UPDATE agent_presence SET status = ?, chosen = ?${statusChanged ? ', since = ?' : ''} WHERE staff_id = ?`, [
        next.status,
        next.chosen,
        ...(statusChanged ? [now] : []),
        staffId,
      ]);
      if (!statusChanged) return null;
      await tx.query('INSERT INTO agent_presence_log (staff_id, status, prev_status, source, at) VALUES (?, ?, ?, ?, ?)', [staffId, next.status, row.status, source, now]);
      return next.status;
    });
    if (!changed) return null;
    const [presence] = await chatRepository.presenceList(this.db.manager, [staffId]);
    if (presence) this.broadcast.presence(presence);
    if (changed === 'online') {
      await this.chat.drainFor(staffId).catch((err) => this.log.warn('queue drain failed', { staffId, err: String(err) }));
    }
    return changed;
  }
}
