import { canBeCharged, isScoredStaff } from '@kefu/shared/domain/scoring/catalogue';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { describeRowProblems } from '../../lib/error-message.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { parseYuanToFen } from '../../lib/money.ts';
import { shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { ruleInputs, ruleOf, ruleWording, searchRules } from './rules.ts';
import { bulkEntries, importEntries, type NewEntryRequest } from './scoring.api.ts';
import { Notice } from '../../lib/PageHeader.tsx';

/**
 * 批量登记: one rule for several people at once (a team meeting's G15 for all present, a
 * month's S02), a row per person with their own note; and the CSV import (columns in
 * docs/scoring.md). Both are all or nothing: refused rows come back by line, in words.
 */
export function BulkEntryPanel({ staff, onRecorded }: { staff: readonly Staff[]; onRecorded(message: string): void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [code, setCode] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => shopDateTimeInput(new Date()));
  const [points, setPoints] = useState('');
  const [amount, setAmount] = useState('');
  const [chosen, setChosen] = useState<ReadonlyMap<number, string>>(new Map());
  // Bulk entries carry no evidence, so each needs a note: its own, or this one for everyone.
  const [noteAll, setNoteAll] = useState('');
  const [recorded, setRecorded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const rule = ruleOf(code);
  const inputs = rule ? ruleInputs(rule) : { points: null, amount: null };
  const people = staff.filter((person) => person.active && isScoredStaff(person.roles) && (!rule || canBeCharged(rule, person.roles)));
  const rowLines = error instanceof ApiError ? describeRowProblems(error.details, t) : [];

  function requests(): NewEntryRequest[] | string {
    if (!rule) return t('scoring.form.ruleRequired');
    const at = shopWallTimeToIso(occurredAt);
    if (!at) return t('scoring.form.occurredAtInvalid');
    const picked = people.filter((person) => chosen.has(person.id));
    if (picked.length === 0) return t('scoring.bulk.nobody');
    const shared: Omit<NewEntryRequest, 'staffId'> = { rule: rule.code, occurredAt: at };
    if (inputs.points) {
      const n = Number(points);
      if (!/^\d+$/.test(points.trim()) || n < inputs.points.min || n > inputs.points.max) return t('scoring.form.pointsInvalid', inputs.points);
      shared.points = n;
    }
    if (inputs.amount === 'postage') {
      const fen = parseYuanToFen(amount);
      if (fen === null || fen <= 0) return t('scoring.form.amountInvalid');
      shared.amountFen = fen;
    }
    const common = noteAll.trim();
    const silent = picked.find((person) => !(chosen.get(person.id)?.trim() || common));
    if (silent) return t('scoring.bulk.noteRequired', { name: silent.displayName });
    return picked.map((person) => ({ ...shared, staffId: person.id, note: chosen.get(person.id)?.trim() || common }));
  }

  async function run(work: () => Promise<{ created: unknown[] }>) {
    setBusy(true);
    setError(null);
    setProblem(null);
    setRecorded(null);
    try {
      const { created } = await work();
      setChosen(new Map());
      const message = t('scoring.bulk.recorded', { count: created.length });
      setRecorded(message);
      onRecorded(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const list = requests();
    if (typeof list === 'string') {
      setError(null);
      setRecorded(null);
      return setProblem(list);
    }
    void run(() => bulkEntries(list));
  }

  const toggle = (id: number, on: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      if (on) next.set(id, next.get(id) ?? '');
      else next.delete(id);
      return next;
    });

  return (
    <section className="panel bulk-entry no-print" data-testid="bulk-panel">
      <h2>{t('scoring.bulk.title')}</h2>
      <FormErrors problem={problem} error={error} testId="bulk-error" />
      {rowLines.length > 0 ? (
        <ul className="row-problems" data-testid="bulk-row-problems">
          {rowLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={onSubmit}>
        <div className="form-grid">
          <label className="field">
            <span>{t('scoring.form.rule')}</span>
            <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="bulk-rule">
              <option value="">{t('scoring.bulk.chooseRule')}</option>
              {searchRules('').map((option) => (
                <option key={option.code} value={option.code}>
                  {option.code} {ruleWording(option, language)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('scoring.form.occurredAt')}</span>
            <input type="datetime-local" required value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} data-testid="bulk-occurred-at" />
          </label>
          {inputs.points ? (
            <label className="field">
              <span>{t('scoring.form.points', inputs.points)}</span>
              <input type="number" min={inputs.points.min} max={inputs.points.max} value={points} onChange={(e) => setPoints(e.target.value)} data-testid="bulk-points" />
            </label>
          ) : null}
          {inputs.amount === 'postage' ? (
            <label className="field">
              <span>{t('scoring.bulk.amount')}</span>
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="bulk-amount" />
            </label>
          ) : null}
        </div>
        <label className="field">
          <span>{t('scoring.bulk.noteAll')}</span>
          <input value={noteAll} maxLength={1000} onChange={(e) => setNoteAll(e.target.value)} data-testid="bulk-note-all" />
        </label>
        <div className="table-scroll">
          <table className="table bulk-grid" data-testid="bulk-grid">
            <thead>
              <tr>
                <th className="check">
                  <input
                    type="checkbox"
                    aria-label={t('scoring.bulk.all')}
                    checked={people.length > 0 && people.every((person) => chosen.has(person.id))}
                    onChange={(e) => setChosen(e.target.checked ? new Map(people.map((person) => [person.id, chosen.get(person.id) ?? ''])) : new Map())}
                    data-testid="bulk-all"
                  />
                </th>
                <th>{t('scoring.col.person')}</th>
                <th>{t('scoring.entries.note')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <td className="check">
                    <input type="checkbox" checked={chosen.has(person.id)} onChange={(e) => toggle(person.id, e.target.checked)} aria-label={person.displayName} data-testid={`bulk-pick-${person.username}`} />
                  </td>
                  <td className="nowrap">{person.displayName}</td>
                  <td>
                    <input
                      className="bulk-note"
                      value={chosen.get(person.id) ?? ''}
                      disabled={!chosen.has(person.id)}
                      maxLength={1000}
                      onChange={(e) => setChosen((current) => new Map(current).set(person.id, e.target.value))}
                      aria-label={t('scoring.bulk.noteFor', { name: person.displayName })}
                      data-testid={`bulk-note-${person.username}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="row-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="bulk-submit">
            {t('scoring.bulk.submit', { count: people.filter((person) => chosen.has(person.id)).length })}
          </button>
        </div>
        {recorded ? <Notice testId="bulk-notice">{recorded}</Notice> : null}
      </form>
      <div className="bulk-import">
        <h3 className="small-title">{t('scoring.bulk.importTitle')}</h3>
        <p className="muted small">{t('scoring.bulk.importHint')}</p>
        <input
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          aria-label={t('scoring.bulk.importTitle')}
          data-testid="bulk-import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void run(() => importEntries(file));
          }}
        />
      </div>
    </section>
  );
}
