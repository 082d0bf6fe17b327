import type { ClockKind, MyAttendance, MyShift } from '@kefu/shared/schemas/attendance';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatShopDateTime, shopDateTimeInput, shopWallTimeToIso } from '../../lib/time.ts';
import { askCorrection } from './attendance.api.ts';

/** A missing clock may be explained until 2 days after it was due (the shift's start or end). */
const deadlineOf = (shift: MyShift, kind: ClockKind) => Date.parse(kind === 'in' ? shift.start : shift.end) + 48 * 3_600_000;

const hhmm = (iso: string | null) => (iso ? formatShopDateTime(iso).slice(-5) : '—');

/** My shifts of the month with their clocks; a missing clock can be explained (签卡) within 2 days. */
export function MyShifts({ mine, onChanged }: { mine: MyAttendance; onChanged(): void }) {
  const { t } = useTranslation();
  const english = currentLanguage() === 'en';
  const [asking, setAsking] = useState<{ shift: MyShift; kind: ClockKind } | null>(null);
  return (
    <div className="panel" data-testid="my-shifts">
      <h2>{t('attendance.myShifts', { month: mine.month })}</h2>
      <p className="muted">{t('attendance.correctionsUsed', { used: mine.approvedCorrections, max: mine.maxCorrections })}</p>
      {mine.shifts.length === 0 ? (
        <p className="muted">{t('attendance.noShifts')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table attendance-shifts">
            <thead>
              <tr>
                <th>{t('attendance.day')}</th>
                <th>{t('attendance.shift')}</th>
                <th>{t('attendance.in')}</th>
                <th>{t('attendance.out')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {mine.shifts.map((shift) => {
                const asked = mine.corrections.filter((c) => c.day === shift.day);
                return (
                  <tr key={shift.day} data-testid={`shift-${shift.day}`}>
                    <td>{shift.day.slice(5)}</td>
                    <td>
                      {english ? shift.nameEn : shift.name} <span className="muted">{`${hhmm(shift.start)}–${hhmm(shift.end)}`}</span>
                      {shift.onLeave ? <span className="tag">{t('attendance.onLeave')}</span> : null}
                    </td>
                    <td>{hhmm(shift.clockIn)}</td>
                    <td>{hhmm(shift.clockOut)}</td>
                    <td className="row-actions">
                      {asked.map((c) => (
                        <span key={c.id} className={`tag ${c.status === 'approved' ? 'tag-success' : c.status === 'refused' ? 'tag-danger' : 'tag-warning'}`}>
                          {t(`attendance.correction.${c.status}`, { kind: t(`attendance.kind.${c.kind}`) })}
                        </span>
                      ))}
                      {shift.missing
                        .filter((kind) => !asked.some((c) => c.kind === kind))
                        .map((kind) =>
                          Date.now() > deadlineOf(shift, kind) ? (
                            <span key={kind} className="tag tag-danger">
                              {t('attendance.notExplained', { kind: t(`attendance.kind.${kind}`) })}
                            </span>
                          ) : (
                            <button key={kind} type="button" className="button button-small" onClick={() => setAsking({ shift, kind })} data-testid={`ask-correction-${shift.day}-${kind}`}>
                              {t('attendance.askCorrection', { kind: t(`attendance.kind.${kind}`) })}
                            </button>
                          ),
                        )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {asking ? (
        <CorrectionForm
          shift={asking.shift}
          kind={asking.kind}
          onDone={() => {
            setAsking(null);
            onChanged();
          }}
          onCancel={() => setAsking(null)}
        />
      ) : null}
    </div>
  );
}

function CorrectionForm({ shift, kind, onDone, onCancel }: { shift: MyShift; kind: ClockKind; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState(shopDateTimeInput(kind === 'in' ? shift.start : shift.end));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await askCorrection({ day: shift.day, kind, claimedAt: shopWallTimeToIso(when) ?? when, reason });
      onDone();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="correction-form" onSubmit={(e) => void submit(e)} data-testid="correction-form">
      <h3>{t('attendance.correctionTitle', { day: shift.day, kind: t(`attendance.kind.${kind}`) })}</h3>
      <p className="muted">{t('attendance.deadline', { time: formatShopDateTime(new Date(deadlineOf(shift, kind))) })}</p>
      <div className="form-grid">
        <label className="field">
          <span>{t('attendance.actualTime')}</span>
          <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
        </label>
        <label className="field">
          <span>{t('attendance.reason')}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required data-testid="correction-reason" />
        </label>
      </div>
      {error ? <ApiErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="correction-submit">
          {t('attendance.send')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('attendance.cancel')}
        </button>
      </div>
    </form>
  );
}
