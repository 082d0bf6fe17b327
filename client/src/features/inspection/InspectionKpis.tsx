import type { InspectionKpis, MyInspectionKpis } from '@kefu/shared/schemas/inspection';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inspectionKpis, myInspectionKpis } from './inspection.api.ts';

/**
 * The KPI page's 质检 column (docs/inspection.md): its own request, so the KPI report and
 * its query stay as they are. A failure leaves the column empty rather than the page broken.
 */
export function useInspectionFigures(from: string, to: string): InspectionKpis | null {
  const [figures, setFigures] = useState<InspectionKpis | null>(null);
  useEffect(() => {
    let cancelled = false;
    inspectionKpis(from, to).then(
      (answer) => !cancelled && setFigures(answer),
      () => !cancelled && setFigures(null),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to]);
  return figures && figures.from === from && figures.to === to ? figures : null;
}

/** "3 次 · 均分 82.5", or a dash. */
export function InspectionFigure({ figure }: { figure: { count: number; averageScore: number | null } | undefined }) {
  const { t } = useTranslation();
  if (!figure || figure.count === 0) return <span className="muted">—</span>;
  return (
    <span className="nowrap">
      {t('inspection.kpis.count', { count: figure.count })} · {t('inspection.kpis.average', { score: figure.averageScore ?? '—' })}
    </span>
  );
}

/** The agent's own page: their inspections over the range against the team's. */
export function MyInspectionCards({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const [mine, setMine] = useState<MyInspectionKpis | null>(null);
  useEffect(() => {
    let cancelled = false;
    myInspectionKpis(from, to).then(
      (answer) => !cancelled && setMine(answer),
      () => !cancelled && setMine(null),
    );
    return () => {
      cancelled = true;
    };
  }, [from, to]);
  if (!mine || mine.from !== from || mine.to !== to) return null;
  return (
    <div className="kpi-cards inspection-kpi-cards" data-testid="my-inspection-kpis">
      <div className="kpi-card">
        <span className="muted">{t('inspection.kpis.mine')}</span>
        <strong>
          <InspectionFigure figure={mine.me} />
        </strong>
      </div>
      <div className="kpi-card">
        <span className="muted">{t('inspection.kpis.team')}</span>
        <strong>
          <InspectionFigure figure={mine.team} />
        </strong>
      </div>
    </div>
  );
}
