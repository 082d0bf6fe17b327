import { CHECKLIST, CHECKLIST_ITEMS, scoreInspection, type ChecklistItem, type ItemMark } from '@kefu/shared/domain/inspection/checklist';
import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { publishInspection, saveInspection } from './inspection.api.ts';
import { ScoreBadge } from './InspectionMarks.tsx';

type Marks = Partial<Record<ChecklistItem, ItemMark>>;

/** The draft's checklist: points or pass/fail per item, not applicable for the later pre-sale steps, a comment each; the score as you go. */
export function ChecklistForm({ inspection, onChanged, onNotice }: { inspection: Inspection; onChanged(next: Inspection): void; onNotice(text: string): void }) {
  const { t } = useTranslation();
  const [marks, setMarks] = useState<Marks>(() => Object.fromEntries(inspection.items.map((m) => [m.item, m])));
  const [summary, setSummary] = useState(inspection.summary ?? '');
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = useMemo(() => CHECKLIST_ITEMS.map((item) => marks[item]).filter((m): m is ItemMark => m !== undefined), [marks]);
  const result = scoreInspection(items);

  const set = (item: ChecklistItem, change: Partial<ItemMark>) => setMarks((all) => ({ ...all, [item]: { ...(all[item] ?? { item }), ...change, item } }));

  const save = async (): Promise<Inspection> => saveInspection(inspection.id, { version: inspection.version, items, summary });

  const run = async (what: 'save' | 'publish') => {
    setBusy(what);
    setError(null);
    try {
      const saved = await save();
      if (what === 'save') {
        onChanged(saved);
        onNotice(t('inspection.form.saved'));
      } else {
        const published = await publishInspection(saved.id, saved.version);
        onChanged(published);
        onNotice(t('inspection.form.published', { name: published.staffName }));
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      className="panel inspection-checklist"
      aria-label={t('inspection.form.checklist')}
      data-testid="inspection-checklist"
      onSubmit={(e) => {
        e.preventDefault();
        void run('save');
      }}
    >
      <div className="inspection-pane-head">
        <h2 className="small-title">{t('inspection.form.checklist')}</h2>
        <span className="inspection-live-score">
          {t('inspection.form.score')} <ScoreBadge score={result.score} grade={result.grade} />
        </span>
      </div>
      {CHECKLIST_ITEMS.map((item) => {
        const rule = CHECKLIST[item];
        const mark = marks[item];
        const na = mark?.na === true;
        const name = t(`inspection.items.${item}`);
        return (
          <fieldset key={item} className="inspection-item" data-testid={`inspection-item-${item}`}>
            <legend>
              {name} <span className="muted small">{t('inspection.form.max', { max: rule.max })}</span>
            </legend>
            <div className="inspection-item-controls">
              {rule.mode === 'points' ? (
                <label className="field field-inline">
                  <span>{t('inspection.form.points')}</span>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={rule.max}
                    step={1}
                    disabled={na}
                    value={typeof mark?.points === 'number' ? mark.points : ''}
                    onChange={(e) => set(item, { points: e.target.value === '' ? null : Math.max(0, Math.min(rule.max, Math.round(Number(e.target.value)))) })}
                    data-testid={`inspection-points-${item}`}
                  />
                </label>
              ) : (
                <label className="field field-inline">
                  <span>{t('inspection.form.mark')}</span>
                  <select
                    disabled={na}
                    value={typeof mark?.pass === 'boolean' ? (mark.pass ? 'pass' : 'fail') : ''}
                    onChange={(e) => set(item, { pass: e.target.value === '' ? null : e.target.value === 'pass' })}
                    data-testid={`inspection-pass-${item}`}
                  >
                    <option value="">—</option>
                    <option value="pass">{t('inspection.form.pass')}</option>
                    <option value="fail">{t('inspection.form.fail')}</option>
                  </select>
                </label>
              )}
              {rule.optional ? (
                <label className="checkbox">
                  <input type="checkbox" checked={na} onChange={(e) => set(item, e.target.checked ? { na: true, points: null, pass: null } : { na: false })} data-testid={`inspection-na-${item}`} />
                  {t('inspection.form.na')}
                </label>
              ) : null}
              <label className="field field-inline inspection-comment">
                <span>{t('inspection.form.comment')}</span>
                <input type="text" maxLength={500} value={mark?.comment ?? ''} onChange={(e) => set(item, { comment: e.target.value })} data-testid={`inspection-comment-${item}`} />
              </label>
            </div>
          </fieldset>
        );
      })}
      <label className="field">
        <span>{t('inspection.form.summary')}</span>
        <textarea rows={3} maxLength={2000} value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="inspection-summary-input" />
      </label>
      {result.missing.length ? <p className="muted small">{t('inspection.form.missing', { count: result.missing.length })}</p> : null}
      {result.poor ? <p className="notice notice-warning">{t('inspection.form.poor')}</p> : null}
      {error ? <ApiErrorMessage error={error} testId="inspection-form-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy !== null} data-testid="inspection-save">
          {busy === 'save' ? t('inspection.form.saving') : t('inspection.form.save')}
        </button>
        <button type="button" className="button button-primary" disabled={busy !== null || !result.complete} onClick={() => void run('publish')} data-testid="inspection-publish">
          {busy === 'publish' ? t('inspection.form.publishing') : t('inspection.form.publish')}
        </button>
      </div>
    </form>
  );
}
