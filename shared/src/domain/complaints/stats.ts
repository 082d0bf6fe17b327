/**
 * Complaint figures per agent over a range of shop days (issue 15, KPIs: "complaints and
 * their handling time"), from three SQL aggregates (complaints.kpis.ts):
 * - concerning: complaints registered in the range naming the agent as the staff concerned;
 * - verified: complaints resolved in the range as verified service-quality complaints
 *   naming the agent (what G05 charges);
 * - handled: complaints resolved in the range with the agent as the handler, and their
 *   average handling time (registration → resolution), in whole seconds.
 * The team row adds the counts up and weighs the average by the handled counts.
 */
export interface ComplaintCountRow {
  staffId: number;
  count: number;
}

export interface HandledRow {
  staffId: number;
  count: number;
  /** Total seconds from registration to resolution over these complaints. */
  totalSeconds: number;
}

export interface ComplaintFigures {
  concerning: number;
  verified: number;
  handled: number;
  handlingAvgS: number | null;
}

export interface ComplaintStatsRow extends ComplaintFigures {
  staffId: number;
}

const empty = (): ComplaintFigures => ({ concerning: 0, verified: 0, handled: 0, handlingAvgS: null });

export function complaintStats(concerning: readonly ComplaintCountRow[], verified: readonly ComplaintCountRow[], handled: readonly HandledRow[]): { agents: ComplaintStatsRow[]; team: ComplaintFigures } {
  const byStaff = new Map<number, ComplaintFigures & { totalSeconds: number }>();
  const of = (staffId: number) => {
    let row = byStaff.get(staffId);
    if (!row) byStaff.set(staffId, (row = { ...empty(), totalSeconds: 0 }));
    return row;
  };
  for (const r of concerning) of(r.staffId).concerning += r.count;
  for (const r of verified) of(r.staffId).verified += r.count;
  for (const r of handled) {
    const row = of(r.staffId);
    row.handled += r.count;
    row.totalSeconds += r.totalSeconds;
  }
  const agents = [...byStaff.entries()]
    .sort(([a], [b]) => a - b)
    .map(([staffId, r]) => ({ staffId, concerning: r.concerning, verified: r.verified, handled: r.handled, handlingAvgS: r.handled > 0 ? Math.round(r.totalSeconds / r.handled) : null }));
  const handledTotal = handled.reduce((sum, r) => sum + r.count, 0);
  const secondsTotal = handled.reduce((sum, r) => sum + r.totalSeconds, 0);
  return {
    agents,
    team: {
      concerning: concerning.reduce((sum, r) => sum + r.count, 0),
      verified: verified.reduce((sum, r) => sum + r.count, 0),
      handled: handledTotal,
      handlingAvgS: handledTotal > 0 ? Math.round(secondsTotal / handledTotal) : null,
    },
  };
}
