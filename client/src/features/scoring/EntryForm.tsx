import { canBeCharged, isScoredStaff, type Rule } from '@kefu/shared/domain/scoring/catalogue';
import { EVIDENCE_KINDS, type EvidenceKind } from '@kefu/shared/schemas/ledger';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { parseYuanToFen } from '../../lib/money.ts';
import { shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { RulePicker } from './RulePicker.tsx';
import { ruleInputs } from './rules.ts';
import { recordEntry, type NewEntryRequest } from './scoring.api.ts';
import type { LedgerEntry } from './scoring.types.ts';
import { duplicateEntryId, lacksExplanation } from './labels.ts';
import { Notice } from '../../lib/PageHeader.tsx';

interface EvidenceRow {
  kind: EvidenceKind;
  id: string;
}

const emptyForm = () => ({
  rule: null as Rule | null,
  staffId: '',
  occurredAt: shopDateTimeInput(new Date()),
  points: '',
  cashInstead: false,
  amount: '',
  note: '',
  evidence: [] as EvidenceRow[],
});

/** The supervisor's quick form for one ledger entry; the server checks everything again. */
export function EntryForm({ staff, onRecorded }: { staff: readonly Staff[]; onRecorded(entry: LedgerEntry, notice: string): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(emptyForm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Shown next to the form, not only at the top of the page (the supervisor is down here).
  const [recorded, setRecorded] = useState<string | null>(null);
  // "Record again?": the server found the same entry recorded less than a minute ago.
  const [twin, setTwin] = useState<{ entryId: number; request: NewEntryRequest } | null>(null);

  const scored = staff.filter((person) => person.active && isScoredStaff(person.roles));
  const rule = form.rule;
  const inputs = rule ? ruleInputs(rule) : { points: null, amount: null };
  const askPoints = inputs.points !== null && !form.cashInstead;
  const askAmount = inputs.amount === 'postage' || (inputs.amount === 'cashReward' && form.cashInstead);

  function validate(): NewEntryRequest | string {
    if (!rule) return t('scoring.form.ruleRequired');
    const person = scored.find((p) => String(p.id) === form.staffId);
    if (!person) return t('scoring.form.staffRequired');
    if (!canBeCharged(rule, person.roles)) {
      return t('scoring.form.roleMismatch', { rule: rule.code, roles: roleNames(rule) });
    }
    const occurredAt = shopWallTimeToIso(form.occurredAt);
    if (!occurredAt) return t('scoring.form.occurredAtInvalid');
    const request: NewEntryRequest = { staffId: person.id, rule: rule.code, occurredAt };
    if (askPoints && inputs.points) {
      const points = Number(form.points);
      if (!/^\d+$/.test(form.points.trim()) || points < inputs.points.min || points > inputs.points.max) {
        return t('scoring.form.pointsInvalid', inputs.points);
      }
      request.points = points;
    }
    if (askAmount) {
      const fen = parseYuanToFen(form.amount);
      if (fen === null || fen <= 0) return t('scoring.form.amountInvalid');
      request.amountFen = fen;
    }
    if (lacksExplanation(form.evidence, form.note)) return t('scoring.form.noteRequired');
    if (form.note.trim() !== '') request.note = form.note.trim();
    const evidence = form.evidence.filter((row) => row.id.trim() !== '').map((row) => ({ kind: row.kind, id: row.id.trim() }));
    if (evidence.length > 0) request.evidence = evidence;
    return request;
  }

  function roleNames(r: Rule): string {
    return r.roles === 'any' ? '' : r.roles.map((role) => t(`roles.${role}`)).join('、');
  }

  async function send(request: NewEntryRequest) {
    setError(null);
    setProblem(null);
    setRecorded(null);
    setTwin(null);
    setBusy(true);
    try {
      const entry = await recordEntry(request);
      const name = scored.find((p) => p.id === entry.staffId)?.displayName ?? String(entry.staffId);
      // Keep the person and the time: the supervisor often records several in a row.
      setForm((f) => ({ ...emptyForm(), staffId: f.staffId, occurredAt: f.occurredAt }));
      const message = t('scoring.form.recorded', { name, rule: entry.rule });
      setRecorded(message);
      onRecorded(entry, message);
    } catch (caught) {
      const entryId = duplicateEntryId(caught);
      if (entryId !== null && !request.confirmDuplicate) setTwin({ entryId, request });
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = validate();
    if (typeof request === 'string') {
      setError(null);
      setRecorded(null);
      setTwin(null);
      return setProblem(request);
    }
    void send(request);
  }

  const setEvidence = (index: number, row: Partial<EvidenceRow>) =>
    setForm((f) => ({ ...f, evidence: f.evidence.map((current, i) => (i === index ? { ...current, ...row } : current)) }));

  return (
    <form className="panel entry-form no-print" onSubmit={onSubmit} aria-labelledby="entry-form-title" data-testid="entry-form">
      <h2 id="entry-form-title">{t('scoring.form.title')}</h2>
      <FormErrors problem={problem} error={error} testId="entry-form-error" />
      <div className="field">
        <span>{t('scoring.form.rule')}</span>
        <RulePicker value={rule} onChange={(picked) => setForm((f) => ({ ...f, rule: picked, points: '', amount: '', cashInstead: false }))} />
      </div>
      <div className="form-grid">
        <label className="field">
          <span>{t('scoring.form.staff')}</span>
          <select value={form.staffId} onChange={(e) => setForm((f) => ({ ...f, staffId: e.target.value }))} data-testid="entry-staff">
            <option value="">{t('scoring.form.chooseStaff')}</option>
            {scored.map((person) => {
              const allowed = !rule || canBeCharged(rule, person.roles);
              return (
                <option key={person.id} value={person.id} disabled={!allowed}>
                  {person.displayName}（{person.username}）{person.roles.map((role) => t(`roles.${role}`)).join('、')}
                </option>
              );
            })}
          </select>
        </label>
        <label className="field">
          <span>{t('scoring.form.occurredAt')}</span>
          <input
            type="datetime-local"
            required
            value={form.occurredAt}
            onChange={(e) => setForm((f) => ({ ...f, occurredAt: e.target.value }))}
            data-testid="entry-occurred-at"
          />
        </label>
        {inputs.amount === 'cashReward' ? (
          <label className="checkbox field-inline">
            <input
              type="checkbox"
              checked={form.cashInstead}
              onChange={(e) => setForm((f) => ({ ...f, cashInstead: e.target.checked, points: '', amount: '' }))}
              data-testid="entry-cash-instead"
            />
            <span>{t('scoring.form.cashInstead')}</span>
          </label>
        ) : null}
        {askPoints && inputs.points ? (
          <label className="field">
            <span>{t('scoring.form.points', inputs.points)}</span>
            <input
              type="number"
              min={inputs.points.min}
              max={inputs.points.max}
              step={1}
              value={form.points}
              onChange={(e) => setForm((f) => ({ ...f, points: e.target.value }))}
              data-testid="entry-points"
            />
          </label>
        ) : null}
        {askAmount ? (
          <label className="field">
            <span>{inputs.amount === 'postage' ? t('scoring.form.amountPostage') : t('scoring.form.amountReward')}</span>
            <input
              inputMode="decimal"
              placeholder="12.00"
              value={form.amount}
              onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))}
              data-testid="entry-amount"
            />
          </label>
        ) : null}
      </div>
      <label className="field">
        <span>{t('scoring.form.note')}</span>
        <textarea
          rows={2}
          maxLength={1000}
          value={form.note}
          placeholder={t('scoring.form.noteHint')}
          aria-describedby="entry-note-rule"
          onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
          data-testid="entry-note"
        />
      </label>
      <p className="muted small" id="entry-note-rule">
        {t('scoring.form.noteRule')}
      </p>
      <fieldset className="field">
        <legend>{t('scoring.form.evidence')}</legend>
        {form.evidence.map((row, index) => (
          <div key={index} className="evidence-row">
            <select
              value={row.kind}
              aria-label={t('scoring.form.evidenceKind')}
              onChange={(e) => setEvidence(index, { kind: e.target.value as EvidenceKind })}
              data-testid={`entry-evidence-kind-${index}`}
            >
              {EVIDENCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`scoring.evidence.${kind}`)}
                </option>
              ))}
            </select>
            <input
              value={row.id}
              maxLength={100}
              placeholder={t(`scoring.evidenceHint.${row.kind}`)}
              title={t(`scoring.evidenceHint.${row.kind}`)}
              aria-label={t('scoring.form.evidenceId')}
              onChange={(e) => setEvidence(index, { id: e.target.value })}
              data-testid={`entry-evidence-id-${index}`}
            />
            <button
              type="button"
              className="button button-small"
              onClick={() => setForm((f) => ({ ...f, evidence: f.evidence.filter((_, i) => i !== index) }))}
            >
              {t('scoring.form.removeEvidence')}
            </button>
          </div>
        ))}
        <div>
          <button
            type="button"
            className="button button-small"
            disabled={form.evidence.length >= 20}
            onClick={() => setForm((f) => ({ ...f, evidence: [...f.evidence, { kind: 'chat', id: '' }] }))}
            data-testid="entry-evidence-add"
          >
            {t('scoring.form.addEvidence')}
          </button>
        </div>
      </fieldset>
      {twin ? (
        <div className="notice notice-warning confirm-box" role="alertdialog" aria-labelledby="entry-duplicate-text" data-testid="entry-duplicate">
          <p id="entry-duplicate-text">{t('scoring.form.duplicateQuestion', { id: twin.entryId })}</p>
          <div className="row-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void send({ ...twin.request, confirmDuplicate: true })} data-testid="entry-duplicate-confirm">
              {t('scoring.form.duplicateConfirm')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setTwin(null)} data-testid="entry-duplicate-cancel">
              {t('scoring.form.duplicateCancel')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || twin !== null} data-testid="entry-submit">
          {busy ? t('scoring.form.submitting') : t('scoring.form.submit')}
        </button>
      </div>
      {recorded ? <Notice testId="entry-form-notice">{recorded}</Notice> : null}
    </form>
  );
}
