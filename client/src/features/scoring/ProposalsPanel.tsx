import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { EntryTable } from './EntryTable.tsx';
import { ReasonPrompt } from './ReasonPrompt.tsx';
import { confirmProposals, dismissProposal } from './scoring.api.ts';
import type { LedgerEntry } from './scoring.types.ts';

interface Props {
  proposals: readonly LedgerEntry[];
  /** Decisions are refused in a submitted or approved month. */
  canDecide: boolean;
  moneyOf(entry: LedgerEntry): number | null;
  nameOf(staffId: number | null): string;
  onChanged(notice: string): void;
}

/** What the detectors found: it counts only once confirmed; a dismissal needs a reason. */
export function ProposalsPanel({ proposals, canDecide, moneyOf, nameOf, onChanged }: Props) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const chosen = proposals.filter((p) => selected.has(p.id)).map((p) => p.id);

  async function confirm(ids: number[]) {
    setBusy(true);
    setError(null);
    try {
      const confirmed = await confirmProposals(ids);
      setSelected(new Set());
      onChanged(t('scoring.proposals.confirmed', { count: confirmed.length }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function toggle(id: number, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <section className="panel no-print" data-testid="proposals-panel">
      <h2>
        {t('scoring.proposals.title')} <span className="count">{proposals.length}</span>
      </h2>
      <p className="muted small">{t('scoring.proposals.hint')}</p>
      {error ? <ApiErrorMessage error={error} testId="proposals-error" /> : null}
      {proposals.length === 0 ? (
        <p className="muted" data-testid="proposals-empty">
          {t('scoring.proposals.empty')}
        </p>
      ) : (
        <>
          {canDecide ? (
            <div className="row-actions bulk-actions">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.length === proposals.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(proposals.map((p) => p.id)) : new Set())}
                  data-testid="proposals-select-all"
                />
                <span>{t('scoring.proposals.selectAll')}</span>
              </label>
              <button
                type="button"
                className="button button-small button-primary"
                disabled={busy || chosen.length === 0}
                onClick={() => void confirm(chosen)}
                data-testid="proposals-confirm-selected"
              >
                {t('scoring.proposals.confirmSelected', { count: chosen.length })}
              </button>
            </div>
          ) : null}
          <EntryTable
            entries={proposals}
            showPerson
            pointsOf={(entry) => entry.points}
            moneyOf={moneyOf}
            nameOf={nameOf}
            selection={canDecide ? { selected, toggle } : undefined}
            actions={
              canDecide
                ? (entry) => (
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy}
                        onClick={() => void confirm([entry.id])}
                        data-testid={`proposal-confirm-${entry.id}`}
                      >
                        {t('scoring.proposals.confirm')}
                      </button>
                      <ReasonPrompt
                        label={t('scoring.proposals.dismiss')}
                        reasonLabel={t('scoring.proposals.dismissReason')}
                        danger
                        testId={`proposal-dismiss-${entry.id}`}
                        onSubmit={async (reason) => {
                          await dismissProposal(entry.id, reason);
                          onChanged(t('scoring.proposals.dismissedNotice'));
                        }}
                      />
                    </div>
                  )
                : undefined
            }
            testId="proposals-table"
          />
        </>
      )}
    </section>
  );
}
