/**
 * The attendance detectors (issue 14, docs/attendance.md), read from the console's own
 * records: the published roster (roster.shifts.ts), clocks, corrections, the presence log
 * and granted permissions, and the chat's messages. Registered where the app is composed
 * (server/src/detectors.ts). The evidence is the shift (kind 'shift', its roster id), and
 * for per-occurrence rules the occurrence itself, so each is proposed once.
 *
 * - G01 (忘记打卡 2 日内未签卡, 30 yuan, forfeits the attendance bonus): a finished shift with
 *   a clock missing and no approved correction, after the 2 days (none pending).
 * - G02 (私自离岗, 50 yuan, forfeits): a shift with no clock at all and never online or away
 *   during it, not on approved leave; a shift with any leave request is G04's to judge.
 * - G03a (工作时间下线/隐身, 50 yuan each time): each stretch offline or invisible inside a part
 *   of an agent's shift, beyond the granted permissions, at least the setting's minutes
 *   (default 2); not counted on a shift where they never appeared (that is G02).
 * - G03b (人不在岗旺旺在线, −2): a buyer's wait passed the setting (default 3 minutes) while
 *   the agent holding the chat showed online and sent nothing anywhere.
 */
import type { EntityManager } from 'typeorm';
import { judgeShift, type CorrectionRecord } from '@kefu/shared/domain/attendance/clocking';
import { absencesDuringShift, DEFAULT_ABSENCE_MIN_MINUTES, DEFAULT_IDLE_WAIT_MINUTES, idleWhileOnline, presenceTimeline, seenDuring, type Interval } from '@kefu/shared/domain/attendance/presence';
import type { Detector, DetectorProposal } from '../scoring/scoring.detectors.ts';
import { shiftsOf, type ShiftInstance } from '../roster/roster.shifts.ts';
import { attendanceRepository, type Q } from './attendance.repository.ts';
import { spanOf } from './attendance.service.ts';

export const ABSENCE_MIN_MINUTES_SETTING = 'attendance.absence_min_minutes';
export const IDLE_WAIT_MINUTES_SETTING = 'attendance.idle_wait_minutes';
const HOUR = 3_600_000;

async function readMinutes(tx: Q, key: string, fallback: number): Promise<number> {
  const rows = (await tx.query('SELECT value FROM setting WHERE setting_key = ?', [key])) as Array<{ value: string }>;
  const value = Number(rows[0]?.value);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const parts = (shift: ShiftInstance): Interval[] => shift.segments.map((s) => ({ from: s.start, to: s.end }));
const shiftEvidence = (shift: ShiftInstance) => ({ kind: 'shift' as const, id: String(shift.assignmentId) });

/** The month's published shifts of the month's own days. */
async function monthShifts(tx: EntityManager, start: Date, end: Date, month: string, tz: string): Promise<ShiftInstance[]> {
  return (await shiftsOf(tx, 'all', start, end, tz)).filter((s) => s.date.startsWith(month) && s.segments.length > 0);
}

async function timelines(tx: Q, shifts: readonly ShiftInstance[], from: Date, to: Date) {
  const ids = [...new Set(shifts.map((s) => s.staffId))];
  const log = await attendanceRepository.presence(tx, ids, from, to);
  return (staffId: number, window: { from: Date; to: Date }) => {
    const entry = log.get(staffId) ?? { initial: 'offline' as const, changes: [] };
    // The status at the window's start: the last change before it (or before the month).
    let initial = entry.initial;
    for (const change of entry.changes) if (change.at.getTime() <= window.from.getTime()) initial = change.status;
    return presenceTimeline(initial, entry.changes, window.from, window.to);
  };
}

export const g01g02Detector: Detector = {
  name: 'attendance.clocks',
  rules: ['G01', 'G02'],
  async detect(tx, { start, end, month, tz, now }) {
    const shifts = (await monthShifts(tx, start, end, month, tz)).filter((s) => !s.onLeave);
    if (!shifts.length) return [];
    const ids = [...new Set(shifts.map((s) => s.staffId))];
    const clocks = await attendanceRepository.clocks(tx, ids, new Date(start.getTime() - 4 * HOUR), new Date(end.getTime() + 6 * HOUR));
    const corrections = await attendanceRepository.corrections(tx, { fromDay: `${month}-01`, toDay: `${month}-31` });
    const leaves = (await tx.query(`SELECT staff_id AS staffId, DATE_FORMAT(day, '%Y-%m-%d') AS day FROM leave_request WHERE day >= ? AND day <= ?`, [`${month}-01`, `${month}-31`])) as Array<{
      staffId: number;
      day: string;
    }>;
    const timeline = await timelines(tx, shifts, new Date(start.getTime() - HOUR), end);
    const proposals: DetectorProposal[] = [];
    for (const shift of shifts) {
      const span = spanOf(shift);
      const mine = clocks.filter((c) => c.staffId === shift.staffId).map((c) => ({ kind: c.kind, at: new Date(c.at) }));
      const records: CorrectionRecord[] = corrections.filter((c) => c.staffId === shift.staffId && c.day === shift.date).map((c) => ({ kind: c.kind, status: c.status }));
      const leaveAsked = leaves.some((l) => Number(l.staffId) === shift.staffId && l.day === shift.date);
      const seen = seenDuring(parts(shift), timeline(shift.staffId, { from: span.start, to: span.end }));
      const outcome = judgeShift({ shift: span, clocks: mine, corrections: records, excused: leaveAsked, seenDuringShift: seen, now });
      if (outcome.rule === 'G02') {
        proposals.push({ staffId: shift.staffId, rule: 'G02', occurredAt: span.start, evidence: [shiftEvidence(shift)], note: `${shift.date} ${shift.template.nameZh}：未打卡、未上线，无批准的换班或请假` });
      } else if (outcome.rule === 'G01') {
        const what = outcome.missing.map((k) => (k === 'in' ? '上班卡' : '下班卡')).join('、');
        proposals.push({ staffId: shift.staffId, rule: 'G01', occurredAt: span.start, evidence: [shiftEvidence(shift)], note: `${shift.date} ${shift.template.nameZh}：缺${what}，2日内未签卡` });
      }
    }
    return proposals;
  },
};

export const g03aDetector: Detector = {
  name: 'attendance.g03a',
  rules: ['G03a'],
  async detect(tx, { start, end, month, tz, now }) {
    const shifts = (await monthShifts(tx, start, end, month, tz)).filter((s) => !s.onLeave && (s.role === 'presale' || s.role === 'aftersale') && s.segments[0]!.start < now);
    if (!shifts.length) return [];
    const minMinutes = await readMinutes(tx, ABSENCE_MIN_MINUTES_SETTING, DEFAULT_ABSENCE_MIN_MINUTES);
    const timeline = await timelines(tx, shifts, new Date(start.getTime() - HOUR), end);
    const granted = await attendanceRepository.permissions(tx, { state: 'granted', overlapping: { from: new Date(start.getTime() - HOUR), to: end } });
    const proposals: DetectorProposal[] = [];
    for (const shift of shifts) {
      const span = spanOf(shift);
      const until = new Date(Math.min(span.end.getTime(), now.getTime()));
      const line = timeline(shift.staffId, { from: span.start, to: until });
      if (!seenDuring(parts(shift), line)) continue; // never there: G02 (or G04) judges the shift
      const mine = granted.filter((g) => g.staffId === shift.staffId).map((g) => ({ from: new Date(g.from), to: new Date(g.until) }));
      for (const absence of absencesDuringShift({ parts: parts(shift), timeline: line, granted: mine, minMinutes })) {
        const minutes = Math.round((absence.to.getTime() - absence.from.getTime()) / 60_000);
        proposals.push({
          staffId: shift.staffId,
          rule: 'G03a',
          occurredAt: absence.from,
          evidence: [shiftEvidence(shift), { kind: 'other', id: `absent:${absence.from.toISOString()}` }],
          note: `${shift.date} ${shift.template.nameZh}：下线或隐身 ${minutes} 分钟，未经主管同意`,
        });
      }
    }
    return proposals;
  },
};

export const g03bDetector: Detector = {
  name: 'attendance.g03b',
  rules: ['G03b'],
  async detect(tx, { start, end, now }) {
    const threshold = await readMinutes(tx, IDLE_WAIT_MINUTES_SETTING, DEFAULT_IDLE_WAIT_MINUTES);
    // Each wait: the buyer's messages answered together (or not yet), from the first of them.
    const waits = (await tx.query(
      `SELECT conversation_id AS conversationId, MIN(id) AS messageId, MIN(created_at) AS waitStart, answered_at AS answeredAt
       FROM chat_message WHERE sender = 'buyer' AND created_at >= ? AND created_at < ?
       GROUP BY conversation_id, answered_at
       HAVING TIMESTAMPDIFF(SECOND, MIN(created_at), COALESCE(answered_at, ?)) >= ?
       ORDER BY messageId`,
      [start, end, now, threshold * 60],
    )) as Array<{ conversationId: number; messageId: number; waitStart: Date; answeredAt: Date | null }>;
    const proposals: DetectorProposal[] = [];
    for (const wait of waits) {
      const waitStart = new Date(wait.waitStart);
      const deadline = new Date(waitStart.getTime() + threshold * 60_000);
      // Whose chat it was when the threshold passed: the last change of the feed by then.
      const [holder] = (await tx.query('SELECT agent_id AS agentId FROM chat_change WHERE conversation_id = ? AND at <= ? ORDER BY feed_seq DESC LIMIT 1', [
        wait.conversationId,
        deadline,
      ])) as Array<{ agentId: number | null }>;
      if (!holder?.agentId) continue;
      const agentId = Number(holder.agentId);
      const log = (await attendanceRepository.presence(tx, [agentId], waitStart, new Date(deadline.getTime() + 1))).get(agentId)!;
      const timeline = presenceTimeline(log.initial, log.changes, waitStart, new Date(deadline.getTime() + 1));
      const activity = (await tx.query(`SELECT created_at AS at FROM chat_message WHERE sender = 'staff' AND staff_id = ? AND created_at >= ? AND created_at <= ?`, [
        agentId,
        waitStart,
        deadline,
      ])) as Array<{ at: Date }>;
      const idle = idleWhileOnline({ waitStart, answeredAt: wait.answeredAt ? new Date(wait.answeredAt) : null, thresholdMinutes: threshold, timeline, activity: activity.map((a) => new Date(a.at)), now });
      if (!idle) continue;
      proposals.push({
        staffId: agentId,
        rule: 'G03b',
        occurredAt: deadline,
        evidence: [{ kind: 'chat', id: String(wait.conversationId) }, { kind: 'other', id: `wait:${wait.messageId}` }],
        note: `买家等待超过 ${threshold} 分钟，客服显示在线但无任何回复`,
      });
    }
    return proposals;
  },
};
