/**
 * The KPI page (issue 15, docs/kpis.md): tallies from SQL, figures from the shared pure
 * functions, targets and service hours from settings. Reads only; the settings write is
 * audited in its own transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { addTally, emptyTally, type Tally } from '@kefu/shared/domain/kpis/tally';
import { figuresOf, missedTargets, type Figures } from '@kefu/shared/domain/kpis/figures';
import { daysOf } from '@kefu/shared/domain/kpis/days';
import { medianOf } from '@kefu/shared/domain/kpis/histogram';
import type { KpiComplaintFigures, KpiSettings, KpiRangeQuery, KpiReport, MyKpis } from '@kefu/shared/schemas/kpis';
import { audit } from '../audit/audit.service.ts';
import type { Actor } from '../../platform/http.ts';
import { rolledUpTallies } from './kpis.rollup.ts';
import { SETTING_KEY, readKpiSettings } from './kpis.settings.ts';

export { readKpiSettings };

/** The agents on the page: whoever holds a chat role, plus anyone with figures in the range. */
const AGENT_ROLES = ['presale', 'aftersale'];

const finalOf = (f: { asked: number; paid: number } | undefined) => {
  const asked = f?.asked ?? 0;
  const paid = f?.paid ?? 0;
  return { asked, paid, rate: asked > 0 ? paid / asked : null };
};

/**
 * The complaint figures of a range, per agent and for the team (given by the complaints
 * module where the app is composed: this module reads no complaint table).
 */
export type ComplaintFiguresOf = (range: { from: string; to: string }) => Promise<{ agents: Array<KpiComplaintFigures & { staffId: number }>; team: KpiComplaintFigures }>;
const NO_COMPLAINTS: KpiComplaintFigures = { concerning: 0, verified: 0, handled: 0, handlingAvgS: null };

export class KpisService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly tz: string,
    private readonly complaintFigures: ComplaintFiguresOf | null = null,
  ) {}

  settings(): Promise<KpiSettings> {
    return readKpiSettings(this.db.manager);
  }

  async saveSettings(settings: KpiSettings, actor: Actor): Promise<KpiSettings> {
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      const before = await readKpiSettings(tx);
      await tx.query('INSERT INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)', [
        SETTING_KEY,
        JSON.stringify(settings),
        now,
      ]);
      await audit(tx, { actorId: actor.id, action: 'kpi.settings', entity: 'setting', entityId: SETTING_KEY, details: { before, after: settings }, ip: actor.ip, at: now });
      return settings;
    });
  }

  async report(range: KpiRangeQuery): Promise<KpiReport> {
    const tx = this.db.manager;
    const settings = await readKpiSettings(tx);
    const { daily, final } = await rolledUpTallies(tx, { ...range, tz: this.tz, hours: settings.serviceHours, now: this.clock() });
    const staff = (await tx.query(
      `SELECT s.id, s.display_name AS displayName, s.active,
         EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role IN (?)) AS agent
       FROM staff s ORDER BY s.id`,
      [AGENT_ROLES],
    )) as Array<{ id: number; displayName: string; active: number; agent: number }>;

    const complaints = this.complaintFigures ? await this.complaintFigures(range) : { agents: [], team: NO_COMPLAINTS };
    const complaintsOf = (id: number): KpiComplaintFigures => {
      const row = complaints.agents.find((a) => a.staffId === id);
      return row ? { concerning: row.concerning, verified: row.verified, handled: row.handled, handlingAvgS: row.handlingAvgS } : NO_COMPLAINTS;
    };
    const team = emptyTally();
    const perAgent = new Map<number, Tally>();
    const perDay = new Map<string, { team: Tally; agents: Map<number, Tally> }>();
    for (const day of daysOf(range.from, range.to)) perDay.set(day, { team: emptyTally(), agents: new Map() });
    for (const [key, tally] of daily) {
      const [who, day] = key.split('|') as [string, string];
      addTally(team, tally);
      const bucket = perDay.get(day);
      if (bucket) addTally(bucket.team, tally);
      if (who === 'none') continue;
      const id = Number(who);
      perAgent.set(id, addTally(perAgent.get(id) ?? emptyTally(), tally));
      if (bucket) bucket.agents.set(id, addTally(bucket.agents.get(id) ?? emptyTally(), tally));
    }
    const agents = staff
      .filter((s) => perAgent.has(Number(s.id)) || (Number(s.agent) === 1 && Number(s.active) === 1))
      .map((s) => {
        const figures = figuresOf(perAgent.get(Number(s.id)) ?? emptyTally());
        const ofComplaints = complaintsOf(Number(s.id));
        const missed = missedTargets({ ...figures, complaintsVerified: ofComplaints.verified, complaintHandlingAvgS: ofComplaints.handlingAvgS }, settings.targets);
        return { staffId: Number(s.id), displayName: s.displayName, figures, final: finalOf(final.get(Number(s.id))), complaints: ofComplaints, missed };
      });
    const teamFinal = [...final.values()].reduce((sum, f) => ({ asked: sum.asked + f.asked, paid: sum.paid + f.paid }), { asked: 0, paid: 0 });
    return {
      from: range.from,
      to: range.to,
      tz: this.tz,
      settings,
      team: figuresOf(team),
      teamFinal: finalOf(teamFinal),
      teamComplaints: complaints.team,
      agents,
      days: [...perDay].map(([day, b]) => ({
        day,
        team: figuresOf(b.team),
        agents: Object.fromEntries([...b.agents].map(([id, t]) => [String(id), figuresOf(t)])),
      })),
    };
  }

  /** An agent's own figures against the team's median of every agent's figure. */
  async mine(range: KpiRangeQuery, actor: Actor): Promise<MyKpis> {
    const report = await this.report(range);
    const me = report.agents.find((a) => a.staffId === actor.id) ?? {
      staffId: actor.id,
      displayName: actor.displayName,
      figures: figuresOf(emptyTally()),
      final: finalOf(undefined),
      complaints: NO_COMPLAINTS,
      missed: [],
    };
    const teamMedian: Record<string, number | null> = {};
    for (const name of Object.keys(me.figures) as Array<keyof Figures>) {
      teamMedian[name] = medianOf(report.agents.map((a) => a.figures[name]).filter((v): v is number => v !== null));
    }
    return {
      from: report.from,
      to: report.to,
      me,
      teamMedian,
      days: report.days.map((d) => ({ day: d.day, figures: d.agents[String(actor.id)] ?? figuresOf(emptyTally()) })),
      targets: report.settings.targets,
    };
  }

  /**
   * One row per agent and day, then the team's total per agent over the range (UTF-8 with
   * BOM for Excel). The complaint columns are filled on the range rows only: complaints are
   * counted over the range (registered / resolved in it), not per chat day.
   */
  async exportCsv(range: KpiRangeQuery): Promise<string> {
    const report = await this.report(range);
    const names = new Map(report.agents.map((a) => [String(a.staffId), a.displayName]));
    const header = ['日期 day', '客服 agent', '咨询消息 questions', '首次响应均值(秒) first response avg s', '平均响应(秒) response avg s', '响应中位数(秒) median s', '响应P90(秒) p90 s', '3分钟响应率 3-min rate', '答问比 answer ratio', '询单人数 enquiries', '询单转化率 conversion', '客单价(元) order value', '评价数 ratings', '满意率 satisfied', '不满意率 dissatisfied', '扣分 points lost', '被投诉 complaints', '核实投诉 verified', '处理投诉 handled', '平均处理时长(小时) handling avg h'];
    const cell = (v: string | number | null) => {
      if (v === null) return '';
      const s = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const complaintCells = (c: KpiComplaintFigures | null) => (c ? [c.concerning, c.verified, c.handled, c.handlingAvgS === null ? null : c.handlingAvgS / 3600] : [null, null, null, null]);
    const line = (day: string, who: string, f: Figures, c: KpiComplaintFigures | null = null) =>
      [day, who, f.questions, f.firstResponseAvgS, f.responseAvgS, f.responseMedianS, f.responseP90S, f.quickRate, f.answerRatio, f.enquiries, f.conversion, f.orderValueFen === null ? null : f.orderValueFen / 100, f.ratings, f.satisfiedRate, f.dissatisfiedRate, f.pointsLost, ...complaintCells(c)].map(cell).join(',');
    const lines = [header.map(cell).join(',')];
    for (const d of report.days) {
      for (const [id, figures] of Object.entries(d.agents)) lines.push(line(d.day, names.get(id) ?? `#${id}`, figures));
      lines.push(line(d.day, '全队 team', d.team));
    }
    for (const a of report.agents) lines.push(line(`${report.from}~${report.to}`, a.displayName, a.figures, a.complaints ?? NO_COMPLAINTS));
    lines.push(line(`${report.from}~${report.to}`, '全队 team', report.team, report.teamComplaints));
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
}
