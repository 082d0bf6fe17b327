/**
 * Chat settings (capacity, G09 limit, hand-over grace, wait alert) and the canned replies:
 * supervisor-edited configuration, each change audited and announced to every console.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import type { CannedReply, CannedReplyPatch, ChatSettings, ChatSettingsBody, NewCannedReply } from '@kefu/shared/schemas/chat';
import { audit } from '../audit/audit.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { ChatBroadcaster } from './chat.broadcast.ts';
import { chatRepository } from './chat.repository.ts';
import type { Actor } from './chat.rows.ts';
import {
  CAPACITY_SETTING,
  CLOSE_AFTER_CONFIRM_SETTING,
  HAND_OVER_AFTER_SETTING,
  WAIT_ALERT_SETTING,
  readCapacity,
  readCloseAfterConfirmMinutes,
  readHandOverAfterSeconds,
  readWaitAlertMinutes,
} from './chat.routing.ts';

export class ChatConfig {
  constructor(
    private readonly db: DataSource,
    private readonly broadcast: ChatBroadcaster,
    private readonly drainAll: () => Promise<number>,
    private readonly clock: () => Date,
  ) {}

  async settings(): Promise<ChatSettings> {
    const tx = this.db.manager;
    return {
      capacity: await readCapacity(tx),
      closeAfterConfirmMinutes: await readCloseAfterConfirmMinutes(tx),
      handOverAfterSeconds: await readHandOverAfterSeconds(tx),
      waitAlertMinutes: await readWaitAlertMinutes(tx),
    };
  }

  async updateSettings(user: Actor, body: ChatSettingsBody): Promise<ChatSettings> {
    const now = this.clock();
    const before = await this.settings();
    await this.db.transaction(async (tx) => {
      const write = (key: string, value: number) =>
        tx.query('INSERT INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)', [key, String(value), now]);
      if (body.capacity !== undefined) await write(CAPACITY_SETTING, body.capacity);
      if (body.closeAfterConfirmMinutes !== undefined) await write(CLOSE_AFTER_CONFIRM_SETTING, body.closeAfterConfirmMinutes);
      if (body.handOverAfterSeconds !== undefined) await write(HAND_OVER_AFTER_SETTING, body.handOverAfterSeconds);
      if (body.waitAlertMinutes !== undefined) await write(WAIT_ALERT_SETTING, body.waitAlertMinutes);
      await audit(tx, { actorId: user.id, action: 'chat.settings', entity: 'setting', entityId: 'chat', details: { before, change: body }, ip: user.ip ?? null, at: now });
    });
    this.broadcast.configChanged('settings');
    if (body.capacity !== undefined && body.capacity > before.capacity) await this.drainAll();
    return this.settings();
  }

  async cannedReplies(): Promise<CannedReply[]> {
    return chatRepository.cannedReplies(this.db.manager);
  }

  async createCanned(user: Actor, input: NewCannedReply): Promise<CannedReply> {
    const now = this.clock();
    const id = await this.db.transaction(async (tx) => {
      const result = (await tx.query('INSERT INTO chat_canned_reply (step, title, body, position, version, updated_by, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)', [
        input.step,
        input.title,
        input.text,
        input.position ?? 0,
        user.id,
        now,
      ])) as { insertId: number };
      await audit(tx, { actorId: user.id, action: 'chat.canned.create', entity: 'chat_canned_reply', entityId: result.insertId, details: input, ip: user.ip ?? null, at: now });
      return Number(result.insertId);
    });
    this.broadcast.configChanged('canned');
    return (await chatRepository.findCanned(this.db.manager, id))!;
  }

  async updateCanned(user: Actor, id: number, patch: CannedReplyPatch): Promise<CannedReply> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      const before = await chatRepository.findCanned(tx, id);
      if (!before) throw new AppError('not_found', `No canned reply ${id}`);
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [field, column] of [['step', 'step'], ['title', 'title'], ['text', 'body'], ['position', 'position']] as const) {
        if (patch[field] === undefined) continue;
        sets.push(`${column} = ?`);
        params.push(patch[field]);
      }
      const result = await tx.query(`UPDATE chat_canned_reply SET ${sets.join(', ')}, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?`, [
        ...params,
        user.id,
        now,
        id,
        patch.version,
      ]);
      if (affectedRows(result) === 0) {
        throw new AppError('conflict', 'Someone changed this canned reply meanwhile; reload it');
      }
      await audit(tx, { actorId: user.id, action: 'chat.canned.update', entity: 'chat_canned_reply', entityId: id, details: { before, patch }, ip: user.ip ?? null, at: now });
    });
    this.broadcast.configChanged('canned');
    return (await chatRepository.findCanned(this.db.manager, id))!;
  }

  async deleteCanned(user: Actor, id: number): Promise<void> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      const before = await chatRepository.findCanned(tx, id);
      if (!before) throw new AppError('not_found', `No canned reply ${id}`);
      await tx.query('DELETE FROM chat_canned_reply WHERE id = ?', [id]);
      await audit(tx, { actorId: user.id, action: 'chat.canned.delete', entity: 'chat_canned_reply', entityId: id, details: before, ip: user.ip ?? null, at: now });
    });
    this.broadcast.configChanged('canned');
  }
}
