/**
 * The roster itself (docs/roster.md): shift templates, the holiday calendar, a month's
 * grid (generated from the 5-day rotation, adjusted by hand), the duty rota, publishing,
 * and what each person reads ("my shifts", today's team, one shift). Every write is one
 * transaction guarded by a version, with its audit line; notifications and the
 * `roster:changed` event go out after the commit.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { coverage } from '@kefu/shared/domain/roster/coverage';
import { generateRotation } from '@kefu/shared/domain/roster/rotation';
import { daysOfMonth, formatSegments, GROUP_OF_ROLE, segmentInstants, segmentProblem, type RosterRole, type Segment } from '@kefu/shared/domain/roster/shifts';
import { shopDay } from '@kefu/shared/domain/scoring/month';
import type { RosterMonthView, ShiftTemplateView } from '@kefu/shared/schemas/roster';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { rosterRepository as repo, type Person } from './roster.repository.ts';

const stale = () => new AppError('conflict', 'Someone else has changed this roster; reload it', { reason: 'stale' });

export class RosterService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  today(): string {
    return shopDay(this.clock(), this.tz);
  }

  // ── templates and holidays ──────────────────────────────────────────────

  templates(): Promise<ShiftTemplateView[]> {
    return repo.templates(this.db.manager);
  }

  async updateTemplate(id: number, input: { version: number; nameZh: string; nameEn: string; segments: Segment[] }, actor: Actor): Promise<ShiftTemplateView> {
    const problem = segmentProblem(input.segments);
    if (problem) throw new AppError('invalid', 'segments must be in order, each start before its end, not overlapping', { reason: problem, field: 'segments' });
    const now = this.clock();
    const template = await this.db.transaction(async (tx) => {
      const result = await tx.query('UPDATE shift_template SET name_zh = ?, name_en = ?, segments = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?', [
        input.nameZh, input.nameEn, formatSegments(input.segments), actor.id, now, id, input.version,
      ]);
      if (affectedRows(result) !== 1) {
        const exists = (await tx.query('SELECT id FROM shift_template WHERE id = ?', [id])) as unknown[];
        if (exists.length === 0) throw new AppError('not_found', `No shift template ${id}`);
        throw stale();
      }
      // Shifts keep their own times: a published month (past days and those to come) keeps
      // what was published; a draft month, not yet promised to anyone, follows the edit, as
      // do months generated from now on (docs/roster.md, "Template edits").
      const drafts = await tx.query("UPDATE roster_assignment a JOIN roster_month m ON m.month = a.month AND m.status = 'draft' SET a.segments = ? WHERE a.template_id = ?", [formatSegments(input.segments), id]);
      await audit(tx, { actorId: actor.id, action: 'roster.template.update', entity: 'shift_template', entityId: id, details: { ...input, draftShifts: affectedRows(drafts) }, ip: actor.ip, at: now });
      return (await repo.templates(tx)).find((t) => t.id === id)!;
    });
    this.io.to(rooms.allStaff).emit('roster:changed', { month: null, version: template.version });
    return template;
  }

  holidays(year: string | undefined): Promise<Array<{ day: string; name: string }>> {
    const y = year ?? this.today().slice(0, 4);
    return repo.holidays(this.db.manager, `${y}-01-01`, `${y}-12-31`);
  }

  async addHoliday(input: { day: string; name: string }, actor: Actor): Promise<{ day: string; name: string }> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO holiday (day, name, created_by, created_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)', [input.day, input.name, actor.id, now]);
      await audit(tx, { actorId: actor.id, action: 'roster.holiday.add', entity: 'holiday', entityId: input.day, details: input, ip: actor.ip, at: now });
    });
    this.io.to(rooms.allStaff).emit('roster:changed', { month: input.day.slice(0, 7), version: 0 });
    return input;
  }

  async removeHoliday(day: string, actor: Actor): Promise<void> {
    const now = this.clock();
    await this.db.transaction(async (tx) => {
      const result = await tx.query('DELETE FROM holiday WHERE day = ?', [day]);
      if (affectedRows(result) !== 1) throw new AppError('not_found', `No holiday on ${day}`);
      await audit(tx, { actorId: actor.id, action: 'roster.holiday.remove', entity: 'holiday', entityId: day, ip: actor.ip, at: now });
    });
    this.io.to(rooms.allStaff).emit('roster:changed', { month: day.slice(0, 7), version: 0 });
  }

  // ── a month's grid ───────────────────────────────────────────────────────

  /** The month as the supervisor edits it; others see it only once published. */
  async month(month: string, actor: Actor, tx: Pick<EntityManager, 'query'> = this.db.manager): Promise<RosterMonthView> {
    const days = daysOfMonth(month);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const row = await repo.month(tx, month);
    const [templates, holidays, people] = await Promise.all([repo.templates(tx), repo.holidays(tx, first, last), repo.people(tx, first, last)]);
    const visible = row !== null && (row.status === 'published' || actor.roles.includes('supervisor'));
    const cells = visible ? await repo.cells(tx, first, last) : [];
    const duty = visible ? await repo.duty(tx, month) : [];
    const working = cells.filter((c) => !c.onLeave);
    return {
      month,
      status: visible ? row.status : 'none',
      version: row?.version ?? 0,
      publishedAt: row?.publishedAt?.toISOString() ?? null,
      days,
      people: people.map(({ staffId, name, roles }) => ({ staffId, name, roles })),
      templates,
      holidays,
      cells,
      duty,
      coverage: coverage(days, templates, working),
    };
  }

  private async lockMonth(tx: EntityManager, month: string, version: number, actor: Actor, now: Date): Promise<number> {
    const row = await repo.month(tx, month, true);
    if (!row) {
      if (version !== 0) throw stale();
      await tx.query("INSERT INTO roster_month (month, status, version, updated_by, updated_at) VALUES (?, 'draft', 1, ?, ?)", [month, actor.id, now]);
      return 1;
    }
    if (row.version !== version) throw stale();
    await tx.query('UPDATE roster_month SET version = version + 1, updated_by = ?, updated_at = ? WHERE month = ?', [actor.id, now, month]);
    return row.version + 1;
  }

  /** Fill the month from the 5-day rotation (a draft only: a published roster is changed by hand). */
  async generate(month: string, version: number, actor: Actor): Promise<RosterMonthView> {
    const now = this.clock();
    const view = await this.db.transaction(async (tx) => {
      const current = await repo.month(tx, month, true);
      if (current?.status === 'published') throw new AppError('conflict', `The roster of ${month} is published; change it cell by cell`, { reason: 'roster_published', month });
      await this.lockMonth(tx, month, version, actor, now);
      const days = daysOfMonth(month);
      const people = await repo.people(tx, days[0]!, days[days.length - 1]!);
      const templates = await repo.templates(tx);
      // Each person once, in the role they are placed in first: service before printing.
      const placed = people.map((p: Person) => ({ staffId: p.staffId, role: p.roles[0]! }));
      const cells = generateRotation(days, placed, templates);
      const times = new Map(templates.map((t) => [t.id, formatSegments(t.segments)]));
      await tx.query('DELETE FROM roster_assignment WHERE month = ?', [month]);
      for (let i = 0; i < cells.length; i += 500) {
        const chunk = cells.slice(i, i + 500);
        await tx.query(
          `INSERT INTO roster_assignment (month, day, staff_id, role, template_id, segments) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((c) => [month, c.day, c.staffId, c.role, c.templateId, times.get(c.templateId)!]),
        );
      }
      await audit(tx, { actorId: actor.id, action: 'roster.generate', entity: 'roster_month', entityId: month, details: { cells: cells.length }, ip: actor.ip, at: now });
      return this.month(month, actor, tx);
    });
    this.io.to(rooms.role('supervisor')).emit('roster:changed', { month, version: view.version });
    return view;
  }

  /** Set cells by hand (templateId null clears the cell). Past days of a published month stay as they were. */
  async setCells(month: string, input: { version: number; cells: Array<{ staffId: number; day: string; templateId: number | null; role?: RosterRole }> }, actor: Actor): Promise<RosterMonthView> {
    const now = this.clock();
    const today = this.today();
    let notes: NotificationRecord[] = [];
    let published = false;
    const view = await this.db.transaction(async (tx) => {
      const current = await repo.month(tx, month, true);
      published = current?.status === 'published';
      await this.lockMonth(tx, month, input.version, actor, now);
      const days = daysOfMonth(month);
      const people = new Map((await repo.people(tx, days[0]!, days[days.length - 1]!)).map((p) => [p.staffId, p]));
      const templates = new Map((await repo.templates(tx)).map((t) => [t.id, t]));
      const changed = new Set<number>();
      for (const cell of input.cells) {
        if (!cell.day.startsWith(month)) throw new AppError('invalid', `day ${cell.day} is not in ${month}`, { field: 'cells', reason: 'roster_other_month', month });
        if (published && cell.day <= today) throw new AppError('conflict', `${cell.day} has begun or passed; a published roster changes only for days to come`, { reason: 'roster_past_day', day: cell.day });
        const person = people.get(cell.staffId);
        if (!person) throw new AppError('invalid', `staff ${cell.staffId} is not on the roster (an active pre-sale, after-sale or printer)`, { field: 'cells', reason: 'unknown_staff' });
        if (cell.templateId === null) {
          await tx.query('DELETE FROM roster_assignment WHERE staff_id = ? AND day = ?', [cell.staffId, cell.day]);
        } else {
          const template = templates.get(cell.templateId);
          if (!template) throw new AppError('invalid', `no shift template ${cell.templateId}`, { field: 'cells', reason: 'roster_template' });
          const role = cell.role ?? person.roles.find((r) => GROUP_OF_ROLE[r] === template.group);
          if (!role || !person.roles.includes(role) || GROUP_OF_ROLE[role] !== template.group) {
            throw new AppError('invalid', `${person.name} holds no role that works ${template.nameEn}`, { field: 'cells', reason: 'roster_role', staffId: person.staffId });
          }
          await tx.query(
            `INSERT INTO roster_assignment (month, day, staff_id, role, template_id, segments) VALUES (?, ?, ?, ?, ?, ?)
             ON DUPLICATE KEY UPDATE role = VALUES(role), template_id = VALUES(template_id), segments = VALUES(segments), swap_id = NULL`,
            [month, cell.day, cell.staffId, role, cell.templateId, formatSegments(template.segments)],
          );
        }
        changed.add(cell.staffId);
      }
      await audit(tx, { actorId: actor.id, action: 'roster.cells', entity: 'roster_month', entityId: month, details: input.cells, ip: actor.ip, at: now });
      if (published) notes = await notificationsRepository.insert(tx, [...changed].filter((id) => id !== actor.id).map((staffId) => ({ staffId, kind: 'roster.changed', payload: { month } })), now);
      return this.month(month, actor, tx);
    });
    pushNotifications(this.io, notes);
    this.io.to(published ? rooms.allStaff : rooms.role('supervisor')).emit('roster:changed', { month, version: view.version });
    return view;
  }

  async setDuty(month: string, input: { version: number; duty: Array<{ day: string; staffId: number | null }> }, actor: Actor): Promise<RosterMonthView> {
    const now = this.clock();
    let published = false;
    const view = await this.db.transaction(async (tx) => {
      published = (await repo.month(tx, month, true))?.status === 'published';
      await this.lockMonth(tx, month, input.version, actor, now);
      const active = new Set(((await tx.query('SELECT id FROM staff WHERE active = 1')) as Array<{ id: number }>).map((r) => Number(r.id)));
      for (const item of input.duty) {
        if (!item.day.startsWith(month)) throw new AppError('invalid', `day ${item.day} is not in ${month}`, { field: 'duty', reason: 'roster_other_month', month });
        if (item.staffId === null) await tx.query('DELETE FROM roster_duty WHERE day = ?', [item.day]);
        else {
          if (!active.has(item.staffId)) throw new AppError('invalid', `no active staff member ${item.staffId}`, { field: 'duty', reason: 'unknown_staff' });
          await tx.query('INSERT INTO roster_duty (day, month, staff_id) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE staff_id = VALUES(staff_id)', [item.day, month, item.staffId]);
        }
      }
      await audit(tx, { actorId: actor.id, action: 'roster.duty', entity: 'roster_month', entityId: month, details: input.duty, ip: actor.ip, at: now });
      return this.month(month, actor, tx);
    });
    this.io.to(published ? rooms.allStaff : rooms.role('supervisor')).emit('roster:changed', { month, version: view.version });
    return view;
  }

  /** Publish: everyone is told, and from now on the roster decides (routing, attendance). */
  async publish(month: string, version: number, actor: Actor): Promise<RosterMonthView> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const view = await this.db.transaction(async (tx) => {
      const current = await repo.month(tx, month, true);
      if (!current) throw new AppError('not_found', `No roster for ${month} yet`);
      if (current.version !== version) throw stale();
      if (current.status === 'published') throw new AppError('conflict', `The roster of ${month} is published already`, { reason: 'roster_published', month });
      const count = (await tx.query('SELECT COUNT(*) AS n FROM roster_assignment WHERE month = ?', [month])) as Array<{ n: number }>;
      if (Number(count[0]?.n ?? 0) === 0) throw new AppError('conflict', `The roster of ${month} has no shifts`, { reason: 'roster_empty', month });
      const result = await tx.query("UPDATE roster_month SET status = 'published', version = version + 1, published_at = ?, published_by = ?, updated_by = ?, updated_at = ? WHERE month = ? AND version = ?", [now, actor.id, actor.id, now, month, version]);
      if (affectedRows(result) !== 1) throw stale();
      await audit(tx, { actorId: actor.id, action: 'roster.publish', entity: 'roster_month', entityId: month, details: { version: version + 1 }, ip: actor.ip, at: now });
      const everyone = (await tx.query('SELECT id FROM staff WHERE active = 1 AND id <> ?', [actor.id])) as Array<{ id: number }>;
      notes = await notificationsRepository.insert(tx, everyone.map((r) => ({ staffId: Number(r.id), kind: 'roster.published', payload: { month } })), now);
      return this.month(month, actor, tx);
    });
    pushNotifications(this.io, notes);
    this.io.to(rooms.allStaff).emit('roster:changed', { month, version: view.version });
    return view;
  }

  // ── what each person reads ───────────────────────────────────────────────

  async mine(month: string, staffId: number) {
    const days = daysOfMonth(month);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const row = await repo.month(this.db.manager, month);
    if (row?.status !== 'published') return { month, published: false, shifts: [], dutyDays: [] };
    const [templates, holidays, cells, duty] = await Promise.all([repo.templates(this.db.manager), repo.holidays(this.db.manager, first, last), repo.cells(this.db.manager, first, last, staffId), repo.duty(this.db.manager, month)]);
    const ids = (await this.db.query('SELECT id, DATE_FORMAT(day, \'%Y-%m-%d\') AS day FROM roster_assignment WHERE staff_id = ? AND month = ?', [staffId, month])) as Array<{ id: number; day: string }>;
    const idOf = new Map(ids.map((r) => [r.day, Number(r.id)]));
    const holidayOf = new Map(holidays.map((h) => [h.day, h.name]));
    const dutyDays = duty.filter((d) => d.staffId === staffId).map((d) => d.day);
    return {
      month,
      published: true,
      dutyDays,
      shifts: cells.map((cell) => {
        // The template as the shift has it: its own times, not the template's current ones.
        const template = { ...templates.find((t) => t.id === cell.templateId)!, segments: cell.segments };
        const instants = segmentInstants(cell.day, template.segments, this.tz);
        return {
          assignmentId: idOf.get(cell.day) ?? 0,
          day: cell.day,
          role: cell.role,
          template,
          starts: instants[0]!.start.toISOString(),
          ends: instants[instants.length - 1]!.end.toISOString(),
          holiday: holidayOf.get(cell.day) ?? null,
          swapId: cell.swapId,
          onLeave: cell.onLeave,
          duty: dutyDays.includes(cell.day),
        };
      }),
    };
  }

  async todayTeam() {
    const day = this.today();
    const month = day.slice(0, 7);
    const row = await repo.month(this.db.manager, month);
    const templates = await repo.templates(this.db.manager);
    const holiday = (await repo.holidays(this.db.manager, day, day))[0]?.name ?? null;
    if (row?.status !== 'published') return { day, holiday, published: false, duty: null, shifts: [] };
    const names = new Map(((await this.db.query('SELECT id, display_name FROM staff')) as Array<{ id: number; display_name: string }>).map((r) => [Number(r.id), String(r.display_name)]));
    const cells = await repo.cells(this.db.manager, day, day);
    const duty = (await repo.duty(this.db.manager, month)).find((d) => d.day === day);
    return {
      day,
      holiday,
      published: true,
      duty: duty ? { staffId: duty.staffId, name: names.get(duty.staffId) ?? '' } : null,
      shifts: templates.map((template) => ({
        // The day's times as the shifts have them (a template edited since keeps them).
        template: { ...template, segments: cells.find((c) => c.templateId === template.id)?.segments ?? template.segments },
        people: cells.filter((c) => c.templateId === template.id).map((c) => ({ staffId: c.staffId, name: names.get(c.staffId) ?? '', role: c.role, onLeave: c.onLeave, swapId: c.swapId })),
      })),
    };
  }

  /** One shift (an evidence link opens it): the supervisor sees any, others their own and published ones. */
  async shift(id: number, actor: Actor) {
    const rows = (await this.db.query("SELECT a.staff_id, DATE_FORMAT(a.day, '%Y-%m-%d') AS day, s.display_name FROM roster_assignment a JOIN staff s ON s.id = a.staff_id WHERE a.id = ?", [id])) as Array<{ staff_id: number; day: string; display_name: string }>;
    const r = rows[0];
    if (!r) throw new AppError('not_found', `No shift ${id}`);
    const shift = (await repo.shiftOn(this.db.manager, Number(r.staff_id), r.day))!;
    const published = shift.monthStatus === 'published';
    if (!published && !actor.roles.includes('supervisor')) throw new AppError('not_found', `No shift ${id}`);
    const template = { ...(await repo.templates(this.db.manager)).find((t) => t.id === shift.templateId)!, segments: shift.segments };
    const cells = await repo.cells(this.db.manager, r.day, r.day, Number(r.staff_id));
    return {
      assignmentId: id,
      staffId: Number(r.staff_id),
      name: String(r.display_name),
      day: r.day,
      role: shift.role,
      template,
      holiday: shift.holiday,
      swapId: shift.swapId,
      onLeave: cells[0]?.onLeave ?? false,
      published,
    };
  }
}
