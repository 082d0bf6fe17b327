import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage, FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatFen, parseYuanToFen } from '../../lib/money.ts';
import { formatShopDate, shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { getFund, recordOutflow } from './scoring.api.ts';
import type { Fund } from './scoring.types.ts';
import { Notice } from '../../lib/PageHeader.tsx';

/**
 * 部门活动经费: what approved months put in, what the supervisor spent and on what, and the
 * balance, as the server keeps them.
 */
export function FundPanel({ canRecord, nameOf }: { canRecord: boolean; nameOf(staffId: number | null): string }) {
  const { t } = useTranslation();
  const [fund, setFund] = useState<Fund | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    getFund().then(setFund, setError);
  }, []);
  useEffect(load, [load]);

  return (
    <div className="fund" data-testid="fund-page">
      <p className="muted">{t('fund.hint')}</p>
      {notice ? (
        <Notice testId="fund-notice">
          {notice}
        </Notice>
      ) : null}
      {error ? (
        <>
          <ApiErrorMessage error={error} testId="fund-error" />
          <button type="button" className="button" onClick={load}>
            {t('app.retry')}
          </button>
        </>
      ) : null}
      {fund === null && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {fund ? (
        <>
          <div className="stat-cards">
            <div className="stat-card">
              <span className="muted">{t('fund.balance')}</span>
              <strong className="stat-value" data-testid="fund-balance">
                {formatFen(fund.balanceFen)}
              </strong>
            </div>
            <div className="stat-card">
              <span className="muted">{t('fund.totalIn')}</span>
              <strong className="stat-value" data-testid="fund-in">
                {formatFen(fund.inflowFen)}
              </strong>
            </div>
            <div className="stat-card">
              <span className="muted">{t('fund.totalOut')}</span>
              <strong className="stat-value" data-testid="fund-out">
                {formatFen(fund.outflowFen)}
              </strong>
            </div>
          </div>
          {canRecord ? (
            <OutflowForm
              onRecorded={(amountFen) => {
                setNotice(t('fund.recorded', { amount: formatFen(amountFen) }));
                load();
              }}
            />
          ) : null}
          <div className="two-columns">
            <section className="panel">
              <h2>{t('fund.inflows')}</h2>
              <table className="table" data-testid="fund-inflows">
                <thead>
                  <tr>
                    <th>{t('fund.source')}</th>
                    <th>{t('fund.when')}</th>
                    <th className="num">{t('fund.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fund.inflows.length === 0 ? (
                    <tr>
                      <td colSpan={3} className="muted">
                        {t('fund.empty')}
                      </td>
                    </tr>
                  ) : null}
                  {fund.inflows.map((inflow) => (
                    <tr key={inflow.id}>
                      <td>{t('fund.fromMonth', { month: inflow.month })}</td>
                      <td>{formatShopDate(inflow.at)}</td>
                      <td className="num">{formatFen(inflow.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="panel">
              <h2>{t('fund.outflows')}</h2>
              <table className="table" data-testid="fund-outflows">
                <thead>
                  <tr>
                    <th>{t('fund.when')}</th>
                    <th>{t('fund.purpose')}</th>
                    <th>{t('fund.recordedBy')}</th>
                    <th className="num">{t('fund.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {fund.outflows.length === 0 ? (
                    <tr>
                      <td colSpan={4} className="muted">
                        {t('fund.empty')}
                      </td>
                    </tr>
                  ) : null}
                  {fund.outflows.map((outflow) => (
                    <tr key={outflow.id}>
                      <td>{formatShopDate(outflow.occurredAt)}</td>
                      <td>{outflow.purpose}</td>
                      <td>{nameOf(outflow.createdBy)}</td>
                      <td className="num">−{formatFen(outflow.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      ) : null}
    </div>
  );
}

function OutflowForm({ onRecorded }: { onRecorded(amountFen: number): void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [purpose, setPurpose] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => shopDateTimeInput(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const amountFen = parseYuanToFen(amount);
    if (amountFen === null || amountFen <= 0) return setProblem(t('fund.amountInvalid'));
    if (purpose.trim() === '') return setProblem(t('fund.purposeRequired'));
    const at = shopWallTimeToIso(occurredAt);
    if (!at) return setProblem(t('fund.occurredAtInvalid'));
    setBusy(true);
    try {
      const recorded = await recordOutflow({ amountFen, purpose: purpose.trim(), occurredAt: at });
      setAmount('');
      setPurpose('');
      onRecorded(recorded.amountFen);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} data-testid="fund-outflow-form">
      <h2>{t('fund.recordTitle')}</h2>
      <FormErrors problem={problem} error={error} testId="fund-outflow-error" />
      <div className="form-grid">
        <label className="field">
          <span>{t('fund.amount')}</span>
          <input inputMode="decimal" placeholder="200.00" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="fund-amount" />
        </label>
        <label className="field">
          <span>{t('fund.occurredAt')}</span>
          <input type="datetime-local" value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} data-testid="fund-occurred-at" />
        </label>
        <label className="field field-wide">
          <span>{t('fund.purpose')}</span>
          <input value={purpose} maxLength={500} placeholder={t('fund.purposeHint')} onChange={(e) => setPurpose(e.target.value)} data-testid="fund-purpose" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="fund-submit">
          {busy ? t('fund.submitting') : t('fund.submit')}
        </button>
      </div>
    </form>
  );
}
