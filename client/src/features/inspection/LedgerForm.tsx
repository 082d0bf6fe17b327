import { INSPECTION_RULES, type InspectionRule } from '@kefu/shared/domain/inspection/checklist';
import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatShopMonth } from '../../lib/time.ts';
import { inspectionToLedger } from './inspection.api.ts';

/** A published inspection → one ledger entry (the supervisor picks the rule; the chat is the evidence). */
export function LedgerForm({ inspection, onChanged }: { inspection: Inspection; onChanged(next: Inspection): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const suggested = INSPECTION_RULES.filter((code) => inspection.suggestedRules.includes(code));
  const ordered = [...suggested, ...INSPECTION_RULES.filter((code) => !suggested.includes(code))];
  const [rule, setRule] = useState<InspectionRule>(ordered[0]!);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const month = formatShopMonth(inspection.conversationAt);

  if (inspection.ledgerEntryId !== null) {
    return (
      <p className="notice notice-success" data-testid="inspection-ledger-done">
        {t('inspection.ledger.done', { id: inspection.ledgerEntryId })} · <Link to={`/console/scoring?month=${month}`}>{t('inspection.ledger.view')}</Link>
      </p>
    );
  }

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await inspectionToLedger(inspection.id, { version: inspection.version, rule, ...(note.trim() ? { note } : {}) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={inspection.poor ? 'inspection-ledger inspection-ledger-poor' : 'inspection-ledger'}
      data-testid="inspection-ledger"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 className="small-title">{t('inspection.ledger.title')}</h3>
      {inspection.poor ? <p className="muted small">{t('inspection.form.poor')}</p> : null}
      <label className="field">
        <span>{t('inspection.ledger.rule')}</span>
        <select value={rule} onChange={(e) => setRule(e.target.value as InspectionRule)} data-testid="inspection-ledger-rule">
          {ordered.map((code) => (
            <option key={code} value={code}>
              {code} {language === 'en' ? CATALOGUE[code].en : CATALOGUE[code].zh}
              {suggested.includes(code) ? t('inspection.ledger.suggested') : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('inspection.ledger.note')}</span>
        <input type="text" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="inspection-ledger-note" />
      </label>
      {error ? <ApiErrorMessage error={error} testId="inspection-ledger-error" /> : null}
      <button type="submit" className="button button-danger" disabled={busy} data-testid="inspection-ledger-submit">
        {busy ? t('inspection.ledger.submitting') : t('inspection.ledger.submit')}
      </button>
    </form>
  );
}
