import { CHECKLIST, CHECKLIST_ITEMS } from '@kefu/shared/domain/inspection/checklist';
import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useTranslation } from 'react-i18next';
import { formatShopDateTime } from '../../lib/time.ts';

/** The score, the grade and the badge colour of a grade. */
export function ScoreBadge({ score, grade }: { score: number | null; grade: Inspection['grade'] }) {
  const { t } = useTranslation();
  if (score === null || grade === null) return <span className="muted">{t('inspection.form.noScore')}</span>;
  return (
    <span className={`badge inspection-grade inspection-grade-${grade}`} data-testid="inspection-score">
      {score} · {t(`inspection.grades.${grade}`)}
    </span>
  );
}

/** A published inspection as the agent (and later the supervisor) reads it: each item, its mark and comment. */
export function InspectionMarks({ inspection }: { inspection: Inspection }) {
  const { t } = useTranslation();
  const byItem = new Map(inspection.items.map((m) => [m.item, m]));
  return (
    <div className="inspection-marks" data-testid="inspection-marks">
      <p className="inspection-score-line">
        <ScoreBadge score={inspection.score} grade={inspection.grade} />
        <span className="muted small">
          {t('inspection.form.inspectedBy', { name: inspection.inspectorName })}
          {inspection.publishedAt ? ` · ${t('inspection.form.publishedAt', { at: formatShopDateTime(inspection.publishedAt) })}` : ''}
        </span>
      </p>
      <ul className="inspection-mark-list">
        {CHECKLIST_ITEMS.map((item) => {
          const mark = byItem.get(item);
          const rule = CHECKLIST[item];
          const value = !mark
            ? '—'
            : mark.na
              ? t('inspection.form.na')
              : rule.mode === 'points'
                ? `${mark.points ?? 0} / ${rule.max}`
                : mark.pass
                  ? t('inspection.form.pass')
                  : t('inspection.form.fail');
          const lost = mark && !mark.na && (rule.mode === 'points' ? (mark.points ?? 0) < rule.max : mark.pass === false);
          return (
            <li key={item} className={lost ? 'inspection-mark inspection-mark-lost' : 'inspection-mark'} data-testid={`inspection-mark-${item}`}>
              <span className="inspection-mark-name">{t(`inspection.items.${item}`)}</span>
              <strong className="inspection-mark-value">{value}</strong>
              {mark?.comment ? <span className="inspection-mark-comment">{mark.comment}</span> : null}
            </li>
          );
        })}
      </ul>
      {inspection.summary ? (
        <p className="inspection-summary" data-testid="inspection-summary">
          <strong>
            {t('inspection.form.summary')}
            {t('errors.separator')}
          </strong>
          {inspection.summary}
        </p>
      ) : null}
    </div>
  );
}
