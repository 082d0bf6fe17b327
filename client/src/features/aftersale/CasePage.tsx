import { INSPECTION_RESULTS } from '@kefu/shared/domain/aftersale/cases';
import { rolesForStep, type CaseStep } from '@kefu/shared/domain/aftersale/states';
import { hasAnyRole, type Role } from '@kefu/shared/domain/staff/roles';
import type { CaseDetail, StoryLine } from '@kefu/shared/schemas/aftersale';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrors, LoadStatus } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { casePhotoUrl, getCase, runCaseAction, type CaseAction } from './aftersale.api.ts';
import { DetailsEditor, EditorShell, PhotosEditor, TickEditor } from './CaseEditors.tsx';

type Field = { name: string; label: string; type?: 'text' | 'select' | 'checkbox'; options?: Array<{ value: string; label: string }>; required?: boolean; max?: number };

/**
 * /console/aftersale?case=ID — one case of the registry with its whole story: the registry's
 * fields, the photos from the buyer's chat, the checklist ticks with the messages that said
 * them; one timeline of every step with who and when, the order's notes and alerts, the recall
 * slips, the chat excerpts and photos; and the steps the reader's roles may take now.
 */
export function CasePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    getCase(id).then(
      (loaded) => {
        setDetail(loaded);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, [id]);
  useEffect(load, [load]);
  useRefetchOn('aftersale:changed', (payload: { id: number }) => payload.id === id, load);

  if (!detail) return <LoadStatus error={error} loaded={false} onRetry={load} testId="case-load-error" />;
  const c = detail.case;
  const at = (iso: string) => formatShopDateTime(iso);
  const signed = (s: { by: { displayName: string }; at: string } | null) => (s ? `${s.by.displayName} ${at(s.at)}` : '—');
  const may = (step: CaseStep) => hasAnyRole(user.roles, rolesForStep(step, c.kind));
  const isSupervisor = user.roles.includes('supervisor');
  const writer = hasAnyRole(user.roles, ['supervisor', 'aftersale'] as Role[]);
  const active = c.status !== 'closed' && c.status !== 'rejected';
  const waiting = c.status === 'open' || c.status === 'awaiting_return';
  const exchange = c.kind === 'exchange' || c.kind === 'quality';
  const payer = (p: string | null) => (p ? t(`aftersale.payer.${p as 'buyer' | 'shop'}`) : '—');
  const version = c.version;
  const done = () => load();
  const storyText = (line: StoryLine): string => {
    const text = line.text ?? '—';
    switch (line.source) {
      case 'case':
        return t(`aftersale.events.${line.what}`, { defaultValue: line.what });
      case 'note':
      case 'alert':
      case 'alert_done':
        return t(`aftersale.detail.storyLine.${line.source}`, { text });
      case 'slip':
        return t(`aftersale.detail.storyLine.slip_${line.what as 'made' | 'signed' | 'received'}`, { ref: line.ref, text });
      case 'chat':
        return t(line.what === 'buyer' ? 'aftersale.detail.storyLine.chat_buyer' : 'aftersale.detail.storyLine.chat_staff', { text });
      case 'photo':
        return t('aftersale.detail.storyLine.photo');
      case 'parcel':
        return line.what === 'delivered' || line.what === 'returned'
          ? t(`aftersale.detail.storyLine.parcel_${line.what}`, { text })
          : t('aftersale.detail.storyLine.parcel_follow_up', { text, on: line.on ?? '—' });
    }
  };

  const rows: Array<[string, ReactNode]> = [
    [t('aftersale.detail.order'), <span className="mono">{c.orderNo}</span>],
    [t('aftersale.detail.buyer'), c.buyerId],
    [t('aftersale.detail.reason'), c.reason],
    [t('aftersale.detail.quality'), c.quality ? `${t('aftersale.detail.yes')}${c.liningInsole ? `（${t('aftersale.detail.liningInsole')}）` : ''}` : t('aftersale.detail.no')],
    [t('aftersale.detail.location'), c.qualityLocation ?? '—'],
    [t('aftersale.detail.postage'), `${t('aftersale.detail.returnLeg')} ${payer(c.returnPostagePayer)} · ${t('aftersale.detail.resendLeg')} ${payer(c.resendPostagePayer)}`],
    [t('aftersale.detail.advanced'), c.postageAdvancedFen ? `${formatFen(c.postageAdvancedFen)}${c.postageRefunded ? ` · ${t('aftersale.detail.postageRefunded', { who: signed(c.postageRefunded) })}` : ''}` : '—'],
    [t('aftersale.detail.wanted'), [c.wantedColor, c.wantedSize].filter(Boolean).join(' ') || '—'],
    [t('aftersale.detail.returnTracking'), c.returnTrackingNo ? `${c.returnCourier ?? ''} ${c.returnTrackingNo} · ${signed(c.returnTrackingEntered)}` : '—'],
    [t('aftersale.detail.received'), c.received ? `${t(`aftersale.inspection.${c.inspectionResult ?? 'passed'}`)} · ${t('aftersale.detail.signed', { who: signed(c.received) })}${c.inspectionNote ? ` · ${c.inspectionNote}` : ''}${c.cardPresent === false ? ` · ${t('aftersale.detail.noCard')}` : ''}` : '—'],
    [t('aftersale.detail.refunded'), signed(c.refunded)],
    [t('aftersale.detail.exchange'), c.exchangeTrackingNo ? `${c.exchangeCourier ?? ''} ${c.exchangeTrackingNo} · ${signed(c.exchangeShipped)}` : '—'],
    [t('aftersale.detail.earlyShip'), c.earlyShipApproved ? `${signed(c.earlyShipApproved)} · ${c.earlyShipApproved.reason}` : '—'],
    [t('aftersale.detail.closed'), c.rejectedReason ? `${t('aftersale.status.rejected')} · ${c.rejectedReason}` : c.closeNote ? `${c.closeNote} · ${c.closedBy?.displayName ?? ''}` : '—'],
  ];

  return (
    <div className="page case-page" data-testid="case-page" data-status={c.status}>
      <p>
        <Link to="/console/aftersale">{t('aftersale.detail.back')}</Link>
      </p>
      <h1>
        #{c.id} {t(`aftersale.kinds.${c.kind}`)}{' '}
        <span className="tag tag-warning" data-testid="case-page-status">
          {t(`aftersale.status.${c.status}`)}
        </span>
      </h1>
      <p className="muted small">{t('aftersale.detail.opened', { who: `${c.openedBy.displayName} ${at(c.openedAt)}` })}</p>
      <section className="panel">
        <dl className="case-fields">
          {rows.map(([label, value]) => (
            <div key={label} className="case-field">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-label={t('aftersale.detail.photos')}>
        <h2>{t('aftersale.detail.photos')}</h2>
        {detail.photos.length === 0 ? <p className="muted">{t('aftersale.detail.noPhotos')}</p> : null}
        <div className="case-photos" data-testid="case-photos">
          {detail.photos.map((photo) => (
            <a key={photo.imageId} href={casePhotoUrl(c.id, photo.imageId)} target="_blank" rel="noreferrer">
              <img src={casePhotoUrl(c.id, photo.imageId)} alt={t('aftersale.detail.photoAlt', { at: at(photo.sentAt) })} loading="lazy" />
            </a>
          ))}
        </div>
        {writer && active ? <PhotosEditor detail={detail} onDone={done} /> : null}
      </section>
      <section className="panel" aria-label={t('aftersale.detail.checklist')}>
        <h2>{t('aftersale.detail.checklist')}</h2>
        <ul className="case-ticks" data-testid="case-ticks">
          {(['goods_intact', 'prepay_postage', 'card_filled'] as const).map((item) => {
            const tick = detail.ticks.find((x) => x.item === item);
            return (
              <li key={item} data-ticked={tick ? 'yes' : 'no'}>
                {tick ? '☑' : '☐'} {t(`aftersale.checklist.${item}`)}
                {tick ? <span className="muted small">{` — ${tick.by.displayName} ${at(tick.at)}${tick.messageText ? `：“${tick.messageText}”` : ''}`}</span> : null}
                {!tick && writer && active ? <TickEditor c={c} item={item} onDone={done} /> : null}
              </li>
            );
          })}
        </ul>
      </section>
      {active || (writer && c.postageAdvancedFen && !c.postageRefunded) ? (
        <section className="panel case-actions" aria-label={t('aftersale.detail.actions')}>
          <h2>{t('aftersale.detail.actions')}</h2>
          {writer && active ? <DetailsEditor c={c} onDone={done} /> : null}
          {c.kind === 'difficult' && active ? (
            <p className="muted" data-testid="case-difficult-hint">
              <Link to="/console/recall">{t('aftersale.detail.difficultHint')}</Link>
            </p>
          ) : null}
          {writer && waiting && c.kind !== 'refund' && c.kind !== 'recall' && c.kind !== 'difficult' ? (
            <StepForm
              id="return-tracking"
              title={c.returnTrackingNo ? t('aftersale.actions.correctTracking') : t('aftersale.actions.returnTracking')}
              fields={[
                { name: 'courier', label: t('aftersale.actions.courier'), required: true, max: 40 },
                { name: 'trackingNo', label: t('aftersale.actions.trackingNo'), required: true, max: 40 },
              ]}
              run={(v) => runCaseAction(c.id, { kind: 'return-tracking', body: { version, courier: v.courier as string, trackingNo: v.trackingNo as string } })}
              onDone={done}
            />
          ) : null}
          {waiting && may('receive') ? (
            <StepForm
              id="received"
              title={c.kind === 'recall' || c.kind === 'difficult' ? t('aftersale.actions.parcelBack') : t('aftersale.actions.inspect')}
              fields={[
                { name: 'result', label: t('aftersale.actions.result'), type: 'select', options: INSPECTION_RESULTS.map((r) => ({ value: r, label: t(`aftersale.inspection.${r}`) })) },
                { name: 'note', label: t('aftersale.actions.note'), max: 500 },
                { name: 'cardPresent', label: t('aftersale.actions.cardPresent'), type: 'checkbox' },
              ]}
              run={(v) => runCaseAction(c.id, { kind: 'received', body: { version, result: v.result as string, ...(v.note ? { note: v.note as string } : {}), cardPresent: v.cardPresent === true } })}
              onDone={done}
            />
          ) : null}
          {(c.status === 'received' || (c.kind === 'refund' && c.status === 'open')) && c.kind !== 'exchange' && may('refund') ? (
            <StepForm id="refund" title={t('aftersale.actions.refund')} fields={[{ name: 'note', label: t('aftersale.actions.note'), max: 500 }]} run={(v) => runCaseAction(c.id, { kind: 'refund', body: { version, ...(v.note ? { note: v.note as string } : {}) } })} onDone={done} />
          ) : null}
          {writer && c.returnPostagePayer === 'shop' && c.postageAdvancedFen && !c.postageRefunded && c.received ? (
            <StepForm id="postage-refund" title={t('aftersale.actions.postageRefund', { amount: formatFen(c.postageAdvancedFen) })} fields={[]} run={() => runCaseAction(c.id, { kind: 'postage-refund', body: { version } })} onDone={done} />
          ) : null}
          {isSupervisor && exchange && waiting && !c.earlyShipApproved ? (
            <StepForm id="early-ship" title={t('aftersale.actions.earlyShip')} fields={[{ name: 'reason', label: t('aftersale.actions.reason'), required: true, max: 500 }]} run={(v) => runCaseAction(c.id, { kind: 'early-ship', body: { version, reason: v.reason as string } })} onDone={done} />
          ) : null}
          {exchange && (c.status === 'received' || (waiting && c.earlyShipApproved)) && may('ship_exchange') ? (
            <StepForm
              id="exchange-shipped"
              title={t('aftersale.actions.exchangeShipped')}
              fields={[
                { name: 'courier', label: t('aftersale.actions.courier'), required: true, max: 40 },
                { name: 'trackingNo', label: t('aftersale.actions.trackingNo'), required: true, max: 40 },
              ]}
              run={(v) => runCaseAction(c.id, { kind: 'exchange-shipped', body: { version, courier: v.courier as string, trackingNo: v.trackingNo as string } })}
              onDone={done}
            />
          ) : null}
          {writer && (c.status === 'refunded' || c.status === 'exchange_shipped' || c.status === 'open') ? (
            <StepForm id="close" title={t('aftersale.actions.close')} fields={[{ name: 'note', label: t('aftersale.actions.note'), required: true, max: 500 }]} run={(v) => runCaseAction(c.id, { kind: 'close', body: { version, note: v.note as string } })} onDone={done} />
          ) : null}
          {writer && (waiting || c.status === 'received') ? (
            <StepForm id="reject" title={t('aftersale.actions.reject')} fields={[{ name: 'reason', label: t('aftersale.actions.reason'), required: true, max: 500 }]} run={(v) => runCaseAction(c.id, { kind: 'reject', body: { version, reason: v.reason as string } })} onDone={done} />
          ) : null}
        </section>
      ) : null}
      <section className="panel" aria-label={t('aftersale.detail.story')}>
        <h2>{t('aftersale.detail.story')}</h2>
        <ol className="case-story" data-testid="case-story">
          {detail.story.map((line) => (
            <li key={`${line.source}:${line.ref}:${line.what}:${line.at}`} data-source={line.source} data-what={line.what}>
              <span className="nowrap small muted">{at(line.at)}</span> {line.by ? `${line.by.displayName} · ` : ''}
              {storyText(line)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** One step: a button that opens its small form; the answer reloads the case. */
function StepForm({ id, title, fields, run, onDone }: { id: string; title: string; fields: Field[]; run(values: Record<string, string | boolean>): Promise<void>; onDone(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string | boolean>>(() => Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkbox' ? true : f.type === 'select' ? (f.options?.[0]?.value ?? '') : ''])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const missing = fields.find((f) => f.required && String(values[f.name] ?? '').trim() === '');
    if (missing) return setProblem(t('aftersale.actions.required', { field: missing.label }));
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]));
    setBusy(true);
    try {
      await run(trimmed);
      setOpen(false);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <EditorShell id={id} title={title} open={open} setOpen={setOpen} busy={busy} problem={problem} error={error} onSubmit={onSubmit}>
      {fields.map((field) => (
        <label key={field.name} className={field.type === 'checkbox' ? 'field field-inline' : 'field'}>
          <span>{field.label}</span>
          {field.type === 'select' ? (
            <select value={String(values[field.name])} onChange={(e) => setValues({ ...values, [field.name]: e.target.value })} data-testid={`case-form-${id}-${field.name}`}>
              {field.options?.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : field.type === 'checkbox' ? (
            <input type="checkbox" checked={values[field.name] === true} onChange={(e) => setValues({ ...values, [field.name]: e.target.checked })} data-testid={`case-form-${id}-${field.name}`} />
          ) : (
            <input maxLength={field.max} value={String(values[field.name] ?? '')} onChange={(e) => setValues({ ...values, [field.name]: e.target.value })} data-testid={`case-form-${id}-${field.name}`} />
          )}
        </label>
      ))}
    </EditorShell>
  );
}
