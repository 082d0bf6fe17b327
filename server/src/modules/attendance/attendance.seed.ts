/**
 * Demo attendance history for `npm start` (docs/attendance.md, "Demo history"): for the
 * published roster of this month, every shift that has ended gets its clock-in and
 * clock-out and, for the agents, presence online during it — with a few realistic gaps,
 * so the 考勤 pages and the supervisor's board are not empty and the detectors have
 * something to propose:
 * - presale1: a clock-out forgotten, explained the next morning (签卡) and approved;
 *   another day offline 30 minutes with the supervisor's permission (nothing to propose);
 * - aftersale1: arrives 25 minutes late (logged in late: G03a);
 * - presale2: offline 40 minutes in the middle of a shift, no permission (G03a);
 * - aftersale2: a clock-in forgotten and never explained (G01).
 * Shifts that have begun today get their clock-in only (presence is live: whoever logs in).
 * Seeded once: never again once it ran, nor into a month where anyone has clocked already.
 */
import type { DataSource } from 'typeorm';
import { shopDay, monthBounds } from '@kefu/shared/domain/scoring/month';
import { audit } from '../audit/audit.service.ts';
import { shiftsOf, type ShiftInstance } from '../roster/roster.shifts.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A small, fixed variation per person and day (minutes), so the demo does not look machine-made. */
function jitter(staffId: number, day: string, spread: number): number {
  // FNV-1a over the person and the day, then a final mix: neighbouring days differ.
  let h = 2166136261;
  for (const ch of `${staffId}|${day}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  return ((h ^ (h >>> 13)) >>> 0) % spread;
}

type Gap = 'corrected_out' | 'permitted_offline' | 'late' | 'unpermitted_offline' | 'missed_in';

/** Which of a person's ended shifts (counted back from the latest) carries which gap. */
const GAPS: Record<string, Array<[number, Gap]>> = {
  presale1: [[3, 'corrected_out'], [6, 'permitted_offline']],
  aftersale1: [[3, 'late']],
  presale2: [[4, 'unpermitted_offline']],
  aftersale2: [[5, 'missed_in']],
};

export async function seedDemoAttendance(db: DataSource, now: Date, tz: string): Promise<boolean> {
  const month = shopDay(now, tz).slice(0, 7);
  return db.transaction(async (tx) => {
    // The roster month's row is the lock: two processes starting at once seed once.
    const published = (await tx.query("SELECT month FROM roster_month WHERE month = ? AND status = 'published' FOR UPDATE", [month])) as unknown[];
    if (published.length === 0) return false;
    const done = (await tx.query("SELECT id FROM audit_log WHERE action = 'attendance.seed' LIMIT 1")) as unknown[];
    if (done.length > 0) return false;
    const { start } = monthBounds(month, tz);
    const clocked = (await tx.query('SELECT id FROM attendance_clock WHERE at >= ? LIMIT 1', [start])) as unknown[];
    if (clocked.length > 0) return false;
    const supervisor = (await tx.query("SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'supervisor' WHERE s.active = 1 ORDER BY s.id LIMIT 1")) as Array<{ id: number }>;
    if (!supervisor[0]) return false;
    const supervisorId = Number(supervisor[0].id);
    const usernames = new Map(((await tx.query('SELECT id, username FROM staff')) as Array<{ id: number; username: string }>).map((r) => [Number(r.id), String(r.username)]));

    const shifts = (await shiftsOf(tx, 'all', start, now, tz)).filter((s) => s.date.startsWith(month) && !s.onLeave && s.segments[0]!.start < now);
    const byPerson = new Map<number, ShiftInstance[]>();
    for (const s of shifts) byPerson.set(s.staffId, [...(byPerson.get(s.staffId) ?? []), s]);

    const clocks: unknown[][] = [];
    const presence: unknown[][] = [];
    let corrections = 0;
    let permissions = 0;
    for (const [staffId, own] of byPerson) {
      const ended = own.filter((s) => s.segments.at(-1)!.end.getTime() <= now.getTime());
      const gapOf = new Map<ShiftInstance, Gap>();
      for (const [back, gap] of GAPS[usernames.get(staffId) ?? ''] ?? []) {
        const shift = ended[ended.length - back];
        // A gap needs its shift long enough ago for what follows it: a correction the next
        // morning; for a clock never explained, the 2 days to explain it over.
        const ago = shift ? now.getTime() - shift.segments.at(-1)!.end.getTime() : 0;
        if (shift && ago > (gap === 'missed_in' ? 2 * 24 * HOUR : 24 * HOUR)) gapOf.set(shift, gap);
      }
      const ip = `192.168.1.${20 + (staffId % 200)}`;
      for (const shift of own) {
        const begin = shift.segments[0]!.start.getTime();
        const end = shift.segments.at(-1)!.end.getTime();
        const gap = gapOf.get(shift);
        const inAt = new Date(gap === 'late' ? begin + 25 * MIN : begin - (3 + jitter(staffId, shift.date, 9)) * MIN);
        if (end > now.getTime()) {
          // Today's shift, under way: the clock-in only.
          if (inAt < now) clocks.push([staffId, 'in', inAt, ip, staffId]);
          continue;
        }
        const outAt = new Date(end + (1 + jitter(staffId, `${shift.date}o`, 8)) * MIN);
        if (gap !== 'missed_in') clocks.push([staffId, 'in', inAt, ip, staffId]);
        if (gap !== 'corrected_out') clocks.push([staffId, 'out', outAt, ip, staffId]);
        if (gap === 'corrected_out') {
          const requested = new Date(end + 15 * HOUR);
          await tx.query(
            `INSERT INTO attendance_correction (staff_id, shift_day, kind, shift_start, shift_end, claimed_at, reason, status, requested_at, decided_by, decided_at, decision_note, version)
             VALUES (?, ?, 'out', ?, ?, ?, '下班时忘记打卡，走时已交接', 'approved', ?, ?, ?, '属实', 2)`,
            [staffId, shift.date, new Date(begin), new Date(end), outAt, requested, supervisorId, new Date(requested.getTime() + HOUR)],
          );
          corrections += 1;
        }
        if (!shiftIsAgents(shift)) continue;
        const changes: Array<[string, Date]> = [['online', inAt]];
        if (gap === 'unpermitted_offline') changes.push(['offline', new Date(begin + 2 * HOUR)], ['online', new Date(begin + 2 * HOUR + 40 * MIN)]);
        if (gap === 'permitted_offline') {
          const from = new Date(begin + 4 * HOUR);
          const until = new Date(from.getTime() + 30 * MIN);
          await tx.query(
            `INSERT INTO presence_permission (staff_id, status, from_at, until_at, reason, state, requested_at, decided_by, decided_at, version)
             VALUES (?, 'offline', ?, ?, '去仓库核对退货', 'granted', ?, ?, ?, 2)`,
            [staffId, from, until, new Date(from.getTime() - 20 * MIN), supervisorId, new Date(from.getTime() - 15 * MIN)],
          );
          permissions += 1;
          changes.push(['offline', from], ['online', until]);
        }
        changes.push(['offline', outAt]);
        let prev = 'offline';
        for (const [status, at] of changes) {
          presence.push([staffId, status, prev, 'socket', at]);
          prev = status;
        }
      }
    }
    for (let i = 0; i < clocks.length; i += 500) {
      const chunk = clocks.slice(i, i + 500);
      await tx.query(`INSERT INTO attendance_clock (staff_id, kind, at, ip, by_staff_id) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, chunk.flat());
    }
    for (let i = 0; i < presence.length; i += 500) {
      const chunk = presence.slice(i, i + 500);
      await tx.query(`INSERT INTO agent_presence_log (staff_id, status, prev_status, source, at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, chunk.flat());
    }
    await audit(tx, { actorId: supervisorId, action: 'attendance.seed', entity: 'attendance', entityId: month, details: { clocks: clocks.length, presence: presence.length, corrections, permissions }, at: now });
    return true;
  });
}

/** Agents (pre-sale, after-sale) have a chat presence; printers only clock. */
function shiftIsAgents(shift: ShiftInstance): boolean {
  return shift.role === 'presale' || shift.role === 'aftersale';
}
