import { useTranslation } from 'react-i18next';
import type { scoreTrend } from './chart.data.ts';

const W = 640;
const H = 240;
const PAD = { top: 16, right: 36, bottom: 30, left: 36 };
const COLORS = ['#1664ff', '#f5222d', '#52c41a', '#fa8c16', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c', '#a0d911', '#2f54eb'];
/** The rulebook's lines: dismissal under 60, full score 100, reward from 110. */
const REFERENCES = [60, 100, 110];

/** Each person's final score over the recent months (months never settled leave a gap). */
export function ScoreTrendChart({ trend }: { trend: ReturnType<typeof scoreTrend> }) {
  const { t } = useTranslation();
  const { months, series } = trend;
  const scores = series.flatMap((line) => line.scores.filter((s): s is number => s !== null));
  const lo = Math.min(50, ...scores.map((s) => s - 5));
  const hi = Math.max(120, ...scores.map((s) => s + 5));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (months.length === 1 ? plotW / 2 : (i / (months.length - 1)) * plotW);
  const y = (score: number) => PAD.top + ((hi - score) / (hi - lo)) * plotH;

  return (
    <figure className="chart chart-wide" data-testid="chart-trend">
      <figcaption>{t('scoring.charts.trend')}</figcaption>
      {scores.length === 0 ? (
        <p className="muted">{t('scoring.charts.trendEmpty')}</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('scoring.charts.trend')}>
            {REFERENCES.map((score) => (
              <g key={score}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y(score)} y2={y(score)} className={score === 60 ? 'grid grid-danger' : 'grid'} />
                <text x={PAD.left - 6} y={y(score) + 4} textAnchor="end" className="axis">
                  {score}
                </text>
              </g>
            ))}
            {months.map((month, i) => (
              <text key={month} x={x(i)} y={H - 8} textAnchor="middle" className="axis">
                {month}
              </text>
            ))}
            {series.map((line, index) => {
              const color = COLORS[index % COLORS.length];
              // A gap (no line that month) breaks the polyline into segments.
              const segments: Array<Array<[number, number]>> = [];
              let current: Array<[number, number]> = [];
              line.scores.forEach((score, i) => {
                if (score === null) {
                  if (current.length) segments.push(current);
                  current = [];
                } else current.push([x(i), y(score)]);
              });
              if (current.length) segments.push(current);
              return (
                <g key={line.staffId} stroke={color} fill={color}>
                  {segments.map((segment, s) => (
                    <polyline key={s} points={segment.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" strokeWidth={2} />
                  ))}
                  {line.scores.map((score, i) =>
                    score === null ? null : (
                      <circle key={months[i]} cx={x(i)} cy={y(score)} r={3.5}>
                        <title>{`${line.name} ${months[i]}: ${score}`}</title>
                      </circle>
                    ),
                  )}
                </g>
              );
            })}
          </svg>
          <ul className="chart-legend">
            {series.map((line, index) => (
              <li key={line.staffId}>
                <span className="swatch" style={{ background: COLORS[index % COLORS.length] }} />
                {line.name}
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}
