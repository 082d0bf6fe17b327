/**
 * Images attached to a ledger entry as evidence (issue 13: "a supervisor can attach images
 * (photos, screenshots) as evidence to an entry, stored like chat images"). The files go to
 * the platform's image store under `scoring/`; a row per image names the entry. Whoever may
 * see the entry may see its images (GET /api/ledger's rule: supervisors and managers every
 * entry, the person charged their own confirmed ones); anyone else gets 404, as if there
 * were no such image. Attaching changes no figure, so it is allowed in any month (an
 * approved month's entry can still be shown to an appellant); every attachment is audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import { MAX_ENTRY_IMAGES, type EntryImage } from '@kefu/shared/schemas/ledger';
import type { Actor } from '../../platform/http.ts';
import type { ImageStore } from '../../platform/images.ts';
import type { Io } from '../../platform/realtime.ts';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import type { LedgerImageRow } from './scoring.entity.ts';
import { transactionThenAnnounce } from './scoring.events.ts';
import { scoringRepository as repo, type EntryRecord } from './scoring.repository.ts';

type Raw = Record<string, unknown>;

const imagesRepository = {
  async countFor(tx: EntityManager, entryId: number): Promise<number> {
    const rows = (await tx.query('SELECT COUNT(*) AS n FROM ledger_image WHERE entry_id = ?', [entryId])) as Raw[];
    return Number(rows[0]?.n ?? 0);
  },
  async insert(tx: EntityManager, row: LedgerImageRow): Promise<void> {
    await tx.query('INSERT INTO ledger_image (id, entry_id, path, mime, bytes, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.entryId,
      row.path,
      row.mime,
      row.bytes,
      row.uploadedBy,
      row.createdAt,
    ]);
  },
  async find(tx: EntityManager, entryId: number, imageId: string): Promise<{ path: string; mime: string } | null> {
    const rows = (await tx.query('SELECT path, mime FROM ledger_image WHERE id = ? AND entry_id = ?', [imageId, entryId])) as Raw[];
    return rows[0] ? { path: String(rows[0].path), mime: String(rows[0].mime) } : null;
  },
};

/** GET /api/ledger's rule, for one entry. */
export function maySeeEntry(actor: Actor, entry: EntryRecord): boolean {
  if (hasAnyRole(actor.roles, ['supervisor', 'manager'])) return true;
  return entry.staffId === actor.id && entry.status === 'confirmed';
}

export class LedgerImages {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly store: ImageStore,
    private readonly clock: () => Date,
  ) {}

  /** POST /api/ledger/:id/images (supervisor): the file first, then its row; a failed row removes the file again. */
  async attach(entryId: number, bytes: Buffer, actor: Actor): Promise<EntryImage> {
    const now = this.clock();
    if (!(await repo.findEntry(this.db.manager, entryId))) throw new AppError('not_found', `No ledger entry with id ${entryId}`);
    const saved = await this.store.save(bytes, now, 'scoring');
    try {
      await transactionThenAnnounce(this.db, this.io, async (tx, out) => {
        const entry = await repo.findEntry(tx, entryId, { lock: true });
        if (!entry) throw new AppError('not_found', `No ledger entry with id ${entryId}`);
        if ((await imagesRepository.countFor(tx, entryId)) >= MAX_ENTRY_IMAGES) {
          throw new AppError('conflict', `Entry ${entryId} has ${MAX_ENTRY_IMAGES} images already`, { reason: 'too_many_images', maximum: MAX_ENTRY_IMAGES });
        }
        await imagesRepository.insert(tx, { id: saved.id, entryId, path: saved.relativePath, mime: saved.mime, bytes: bytes.length, uploadedBy: actor.id, createdAt: now });
        await audit(tx, { actorId: actor.id, action: 'ledger.image', entity: 'ledger_entry', entityId: entryId, details: { imageId: saved.id, mime: saved.mime, bytes: bytes.length }, ip: actor.ip, at: now });
        out.watchers = await notificationsRepository.activeWithRoles(tx, ['supervisor', 'manager']);
        out.entryChanged(entry);
      });
    } catch (err) {
      await this.store.remove(saved.relativePath);
      throw err;
    }
    return { imageId: saved.id, mime: saved.mime, bytes: bytes.length };
  }

  /** GET /api/ledger/:id/images/:imageId: only for whoever may see the entry; 404 for everyone else. */
  async imageFor(entryId: number, imageId: string, actor: Actor): Promise<{ path: string; mime: string }> {
    const entry = await repo.findEntry(this.db.manager, entryId);
    const image = entry && maySeeEntry(actor, entry) ? await imagesRepository.find(this.db.manager, entryId, imageId) : null;
    if (!image) throw new AppError('not_found', 'No such image');
    return { path: this.store.absolute(image.path), mime: image.mime };
  }
}
