import { useTranslation } from 'react-i18next';
import type { ScoresheetRow } from '../scoring.types.ts';
import { scoreDistribution } from './chart.data.ts';

const W = 420;
const H = 220;
const PAD = { top: 20, right: 10, bottom: 36, left: 30 };

/** How many people ended the month in each band (110+ … under 60). */
export function ScoreDistributionChart({ rows, when }: { rows: readonly ScoresheetRow[]; when: string }) {
  const { t } = useTranslation();
  const bands = scoreDistribution(rows);
  const max = Math.max(1, ...bands.map((band) => band.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / bands.length;
  const ticks = max <= 5 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, Math.round(max / 2), max];
  const summary = bands.map((band) => `${band.band}: ${band.count}`).join(', ');

  return (
    <figure className="chart" data-testid="chart-distribution">
      <figcaption>{t('scoring.charts.distribution')}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{t('scoring.charts.distributionEmpty', { when })}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t('scoring.charts.distribution')}: ${summary}`}>
          {ticks.map((tick) => {
            const y = PAD.top + plotH - (tick / max) * plotH;
            return (
              <g key={tick}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="grid" />
                <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="axis">
                  {tick}
                </text>
              </g>
            );
          })}
          {bands.map((band, i) => {
            const h = (band.count / max) * plotH;
            const x = PAD.left + i * slot + slot * 0.15;
            const y = PAD.top + plotH - h;
            return (
              <g key={band.band}>
                <rect x={x} y={y} width={slot * 0.7} height={h} className={`bar tone-${band.tone}`}>
                  <title>{`${band.band}: ${t('scoring.charts.people', { count: band.count })}`}</title>
                </rect>
                {band.count > 0 ? (
                  <text x={x + slot * 0.35} y={y - 4} textAnchor="middle" className="value">
                    {band.count}
                  </text>
                ) : null}
                <text x={x + slot * 0.35} y={H - PAD.bottom + 16} textAnchor="middle" className="axis">
                  {band.band}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
