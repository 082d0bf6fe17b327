/**
 * The roster's detectors (docs/roster.md), registered in server/src/detectors.ts:
 * - S02 (没有定制值班表, −3 a month): no roster published for the month by its first day
 *   (local midnight) → proposed for each supervisor employed then. Evidence: the month.
 *   Only once the console keeps the roster: some earlier month has one (draft or published).
 *   Before that the console holds no record either way, and no detector invents data.
 * - G14 (换班超过3次以上, −2 each): a person's approved swaps of a month (the month of the
 *   shift they gave), in the order approved; each beyond the third is proposed for the
 *   person who asked it. Evidence: the swap.
 * - G04 (旷工: one day's average wage, attendance bonus forfeited): leave asked for a shift
 *   and not granted (refused, void, or undecided), the shift over, and no clock-in for it
 *   (attendance_clock, or an approved correction 签卡 of the clock-in). Evidence: the leave
 *   request and the shift.
 * Evidence kind is 'shift' (a roster item); its id says which: `month:YYYY-MM`,
 * `swap:<id>`, `leave:<id>`, or a shift's own id (digits).
 */
import { clocksOfShift, type Clock } from '@kefu/shared/domain/attendance/clocking';
import { isAbsence, type LeaveStatus } from '@kefu/shared/domain/roster/leave';
import { parseSegments, segmentInstants } from '@kefu/shared/domain/roster/shifts';
import { swapsBeyondAllowance } from '@kefu/shared/domain/roster/swaps';
import { wallInstant } from '@kefu/shared/domain/scoring/month';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';

type Row = Record<string, unknown>;

export const s02Detector: Detector = {
  name: 'roster.s02',
  rules: ['S02'],
  async detect(tx, { month, start, now }) {
    if (now.getTime() < start.getTime()) return [];
    const earlier = (await tx.query('SELECT month FROM roster_month WHERE month < ? LIMIT 1', [month])) as unknown[];
    if (earlier.length === 0) return [];
    const rows = (await tx.query('SELECT status, published_at FROM roster_month WHERE month = ?', [month])) as Row[];
    const row = rows[0];
    const publishedInTime = row && row.status === 'published' && row.published_at && new Date(row.published_at as Date).getTime() <= start.getTime();
    if (publishedInTime) return [];
    const firstDay = `${month}-01`;
    const supervisors = (await tx.query(
      `SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'supervisor'
       WHERE s.employed_from <= ? AND (s.employed_until IS NULL OR s.employed_until >= ?) ORDER BY s.id`,
      [firstDay, firstDay],
    )) as Row[];
    return supervisors.map(
      (s): DetectorProposal => ({
        staffId: Number(s.id),
        rule: 'S02',
        occurredAt: start,
        evidence: [{ kind: 'shift', id: `month:${month}` }],
        note: row ? `${month} 值班表未在当月1日前发布` : `${month} 没有值班表`,
      }),
    );
  },
};

export const g14Detector: Detector = {
  name: 'roster.g14',
  rules: ['G14'],
  async detect(tx, { month, tz }) {
    const rows = (await tx.query(
      `SELECT id, requester_id, DATE_FORMAT(requester_day, '%Y-%m-%d') AS day FROM roster_swap
       WHERE month = ? AND status = 'approved' ORDER BY requester_id, decided_at, id`,
      [month],
    )) as Row[];
    const byPerson = new Map<number, Row[]>();
    for (const row of rows) byPerson.set(Number(row.requester_id), [...(byPerson.get(Number(row.requester_id)) ?? []), row]);
    const proposals: DetectorProposal[] = [];
    for (const [staffId, swaps] of byPerson) {
      swapsBeyondAllowance(swaps).forEach((swap, i) => {
        proposals.push({
          staffId,
          rule: 'G14',
          // Noon of the day given away: inside the month whatever the zone.
          occurredAt: wallInstant(String(swap.day), '12:00', tz),
          evidence: [{ kind: 'shift', id: `swap:${Number(swap.id)}` }],
          note: `本月第 ${i + 4} 次换班（换班 #${Number(swap.id)}）`,
        });
      });
    }
    return proposals;
  },
};

export const g04Detector: Detector = {
  name: 'roster.g04',
  rules: ['G04'],
  async detect(tx, { month, tz, now }) {
    const leaves = (await tx.query(
      `SELECT l.id, l.staff_id, l.status, DATE_FORMAT(l.day, '%Y-%m-%d') AS day, a.id AS shift_id, a.segments
       FROM leave_request l
       JOIN roster_assignment a ON a.staff_id = l.staff_id AND a.day = l.day
       JOIN roster_month m ON m.month = a.month AND m.status = 'published'
       WHERE a.month = ? AND l.status IN ('asked', 'refused', 'void')
         AND NOT EXISTS (SELECT 1 FROM leave_request g WHERE g.staff_id = l.staff_id AND g.day = l.day AND g.status = 'approved')
       ORDER BY l.day, l.staff_id, l.id`,
      [month],
    )) as Row[];
    const proposals: DetectorProposal[] = [];
    const seen = new Set<string>();
    for (const leave of leaves) {
      const day = String(leave.day);
      const staffId = Number(leave.staff_id);
      // One absence per person and shift, however many requests were made for it.
      if (seen.has(`${staffId}|${day}`)) continue;
      const segments = segmentInstants(day, parseSegments(String(leave.segments)), tz);
      const span = { start: segments[0]!.start, end: segments[segments.length - 1]!.end };
      const clocks = (await tx.query("SELECT kind, at FROM attendance_clock WHERE staff_id = ? AND kind = 'in' AND at >= ? AND at < ?", [
        staffId, new Date(span.start.getTime() - 3 * 3_600_000), span.end,
      ])) as Array<{ kind: 'in'; at: Date }>;
      const corrected = (await tx.query("SELECT id FROM attendance_correction WHERE staff_id = ? AND shift_day = ? AND kind = 'in' AND status = 'approved'", [staffId, day])) as unknown[];
      const clockedIn = corrected.length > 0 || clocksOfShift(span, clocks.map((c): Clock => ({ kind: c.kind, at: new Date(c.at) }))).in !== null;
      if (!isAbsence({ leave: leave.status as LeaveStatus, shiftEnded: now.getTime() >= span.end.getTime(), clockedIn })) continue;
      seen.add(`${staffId}|${day}`);
      proposals.push({
        staffId,
        rule: 'G04',
        occurredAt: span.start,
        evidence: [{ kind: 'shift', id: String(Number(leave.shift_id)) }, { kind: 'shift', id: `leave:${Number(leave.id)}` }],
        note: `${day} 旷工：请假${leave.status === 'refused' ? '未获批准' : leave.status === 'void' ? '不符合规定' : '未经批准'}且未打卡`,
      });
    }
    return proposals;
  },
};
