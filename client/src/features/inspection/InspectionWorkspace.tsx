import type { Inspection } from '@kefu/shared/schemas/inspection';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { Notice } from '../../lib/PageHeader.tsx';
import { ChecklistForm } from './ChecklistForm.tsx';
import { getInspection } from './inspection.api.ts';
import { InspectionMarks } from './InspectionMarks.tsx';
import { InspectionReplies } from './InspectionReplies.tsx';
import { LedgerForm } from './LedgerForm.tsx';
import { Transcript } from './Transcript.tsx';

/** One inspection, side by side with its transcript: the checklist while a draft, then the marks, the replies and the ledger. */
export function InspectionWorkspace({ id, onBack }: { id: number; onBack(): void }) {
  const { t } = useTranslation();
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    getInspection(id).then(
      (found) => !cancelled && setInspection(found),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [id, reload]);

  const shown = inspection?.id === id ? inspection : null;
  return (
    <section className="inspection-workspace-page" data-testid="inspection-workspace">
      <div className="page-title-row">
        <h1>{shown ? t('inspection.form.heading', { id: shown.conversationId, name: shown.staffName }) : t('inspection.title')}</h1>
        <div className="page-actions">
          <button type="button" className="button" onClick={onBack} data-testid="inspection-back">
            {t('inspection.form.back')}
          </button>
        </div>
      </div>
      {notice ? <Notice testId="inspection-notice">{notice}</Notice> : null}
      <LoadStatus error={error} loaded={shown !== null} onRetry={() => setReload((n) => n + 1)} />
      {shown ? (
        <div className="inspection-workspace">
          <Transcript conversationId={shown.conversationId} />
          {shown.status === 'draft' ? (
            <ChecklistForm key={shown.id} inspection={shown} onChanged={setInspection} onNotice={setNotice} />
          ) : (
            <div className="panel inspection-result" data-testid="inspection-result">
              <span className="badge badge-approved">{t('inspection.statuses.published')}</span>
              <InspectionMarks inspection={shown} />
              <InspectionReplies inspection={shown} onChanged={setInspection} />
              <LedgerForm inspection={shown} onChanged={setInspection} />
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
