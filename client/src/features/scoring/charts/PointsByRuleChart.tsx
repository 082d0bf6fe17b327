import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../lib/i18n.ts';
import { ruleWording } from '../rules.ts';
import type { pointsLostByRule } from './chart.data.ts';

const W = 420;
const ROW = 26;
const LABEL = 150;
const PAD = { top: 6, right: 40, bottom: 6 };

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Which rules cost the department the most points this month. */
export function PointsByRuleChart({ data, when }: { data: ReturnType<typeof pointsLostByRule>; when: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const max = Math.max(1, ...data.map((d) => d.lost));
  const H = PAD.top + PAD.bottom + data.length * ROW;
  const plotW = W - LABEL - PAD.right;
  const summary = data.map((d) => `${d.rule}: −${d.lost}`).join(', ');

  return (
    <figure className="chart" data-testid="chart-points-by-rule">
      <figcaption>{t('scoring.charts.pointsByRule')}</figcaption>
      {data.length === 0 ? (
        <p className="muted">{t('scoring.charts.pointsByRuleEmpty', { when })}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t('scoring.charts.pointsByRule')}: ${summary}`}>
          {data.map((d, i) => {
            const y = PAD.top + i * ROW;
            const w = (d.lost / max) * plotW;
            const wording = ruleWording(CATALOGUE[d.rule], language);
            return (
              <g key={d.rule} data-rule={d.rule}>
                <text x={0} y={y + ROW / 2 + 4} className="axis label">
                  <tspan className="code">{d.rule}</tspan> {shorten(wording, language === 'en' ? 18 : 9)}
                </text>
                <rect x={LABEL} y={y + 4} width={Math.max(w, 2)} height={ROW - 8} className="bar tone-loss">
                  <title>{`${d.rule} ${wording}: −${d.lost} (${d.entries})`}</title>
                </rect>
                <text x={LABEL + w + 4} y={y + ROW / 2 + 4} className="value">
                  −{d.lost}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
