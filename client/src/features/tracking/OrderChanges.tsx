import { buyerConfirmationMessage, CHANGE_KINDS, CHANGE_WRITERS, type ChangeKind } from '@kefu/shared/domain/orders/changes';
import { hasAnyRole } from '@kefu/shared/domain/staff/roles';
import type { ChangeRequest, NewChangeInput } from '@kefu/shared/schemas/changes';
import type { Note } from '@kefu/shared/schemas/notes';
import type { Order } from '@kefu/shared/schemas/orders';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { confirmChange, listChanges, listNotes, requestChange } from './tracking.api.ts';

/** Orders a change can still be recorded on here; after shipping it is after-sale's. */
const CHANGEABLE = new Set<Order['status']>(['unpaid', 'paid', 'printed', 'packed']);

/**
 * An order's signed notes and change requests, and the form that records a buyer's change
 * (the order page and the chat's side panel). `onInsert` puts the change's summary into the
 * open chat's reply box: one click, then the agent sends it to confirm with the buyer.
 */
export function OrderChanges({ order, onInsert, onChanged, compact = false }: { order: Order; onInsert?: ((text: string) => void) | null; onChanged?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [notes, setNotes] = useState<Note[]>([]);
  const [changes, setChanges] = useState<ChangeRequest[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const writer = hasAnyRole(user.roles, CHANGE_WRITERS);
  // ?note=ID (a scoring entry's evidence, on the order page): mark that note.
  const [params] = useSearchParams();
  const markedNote = params.get('note');

  const load = useCallback(() => {
    Promise.all([listNotes(order.orderNo), listChanges(order.orderNo)]).then(([n, c]) => {
      setNotes(n.notes);
      setChanges(c.changes);
    }, setError);
  }, [order.orderNo]);
  useEffect(load, [load, order.version]);
  useRefetchOn('order:notes-changed', (event) => event.orderNo === order.orderNo, load);
  useRefetchOn('alert:changed', ({ alert }) => alert.orderNo === order.orderNo, load);

  const confirm = (change: ChangeRequest) => {
    confirmChange(order.orderNo, change.id).then(() => {
      load();
      onChanged?.();
    }, setError);
  };

  return (
    <div className={`order-changes${compact ? ' small' : ''}`} data-testid={`order-changes-${order.orderNo}`}>
      {!compact || notes.length > 0 ? <h3 className="small-title">{t('changes.notes')}</h3> : null}
      {notes.length === 0 && !compact ? <p className="muted small">{t('changes.noNotes')}</p> : null}
      <ol className="order-notes">
        {notes.map((note) => (
          <li
            key={note.id}
            className={`history-note small${String(note.id) === markedNote ? ' record-marked' : ''}`}
            aria-current={String(note.id) === markedNote ? 'true' : undefined}
            data-testid={`note-${note.id}`}
            data-kind={note.kind}
          >
            {note.text}
          </li>
        ))}
      </ol>
      {changes.filter((change) => change.status !== 'done').length > 0 ? <h3 className="small-title">{t('changes.pending')}</h3> : null}
      <ul className="order-change-list">
        {changes
          .filter((change) => change.status !== 'done')
          .map((change) => (
            <li key={change.id} className="small" data-testid={`change-${change.id}`} data-status={change.status}>
              <span className="tag">{t(`changes.status.${change.status}`)}</span> {change.summary}
              <div className="alert-actions">
                {onInsert ? (
                  <button type="button" className="button button-small" onClick={() => onInsert(buyerConfirmationMessage(order.orderNo, change.summary))} data-testid={`change-insert-${change.id}`}>
                    {t('changes.insert')}
                  </button>
                ) : null}
                {change.status === 'awaiting_confirmation' && writer ? (
                  <button type="button" className="button button-primary button-small" onClick={() => confirm(change)} data-testid={`change-confirm-${change.id}`}>
                    {t('changes.confirm')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
      </ul>
      {writer && CHANGEABLE.has(order.status) ? (
        open ? (
          <ChangeForm
            order={order}
            onDone={(change) => {
              setOpen(false);
              load();
              onChanged?.();
              if (onInsert && change.status === 'awaiting_confirmation') onInsert(buyerConfirmationMessage(order.orderNo, change.summary));
            }}
            onCancel={() => setOpen(false)}
          />
        ) : (
          <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid={`change-open-${order.orderNo}`}>
            {t('changes.open')}
          </button>
        )
      ) : null}
      {writer && (order.status === 'shipped' || order.status === 'delivered') ? <p className="muted small">{t('changes.afterSale')}</p> : null}
      {error ? <ApiErrorMessage error={error} testId="order-changes-error" /> : null}
    </div>
  );
}

function ChangeForm({ order, onDone, onCancel }: { order: Order; onDone(change: ChangeRequest): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ChangeKind>('address');
  const [lineNo, setLineNo] = useState(1);
  const [colour, setColour] = useState('');
  const [size, setSize] = useState('');
  const [text, setText] = useState('');
  const [buyerConfirmed, setBuyerConfirmed] = useState(false);
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const common = { version: order.version, buyerConfirmed, urgent };
    let change: NewChangeInput;
    if (kind === 'attribute') {
      if (!colour.trim() && !size.trim()) return setProblem(t('changes.problems.attribute'));
      change = { kind, lineNo, ...(colour.trim() ? { colour: colour.trim() } : {}), ...(size.trim() ? { size: size.trim() } : {}), ...common };
    } else {
      if (!text.trim()) return setProblem(t(`changes.problems.${kind}`));
      // The address goes as one line: the server splits it (and refuses one it cannot).
      change = kind === 'address' ? { kind, address: text.trim(), ...common } : kind === 'special' ? { kind, request: text.trim(), ...common } : { kind, reason: text.trim(), ...common };
    }
    setBusy(true);
    requestChange(order.orderNo, change).then(
      (done) => {
        setBusy(false);
        onDone(done);
      },
      (caught: unknown) => {
        setBusy(false);
        setError(caught);
      },
    );
  }

  return (
    <form className="change-form" onSubmit={submit} data-testid={`change-form-${order.orderNo}`}>
      <label className="field">
        <span>{t('changes.kind')}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as ChangeKind)} data-testid="change-kind">
          {CHANGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`changes.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'attribute' ? (
        <div className="form-grid">
          <label className="field">
            <span>{t('changes.line')}</span>
            <select value={lineNo} onChange={(e) => setLineNo(Number(e.target.value))} data-testid="change-line">
              {order.items.map((item) => (
                <option key={item.lineNo} value={item.lineNo}>
                  {item.title} {item.attributes}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('orders.form.itemColour')}</span>
            <input maxLength={30} value={colour} onChange={(e) => setColour(e.target.value)} data-testid="change-colour" />
          </label>
          <label className="field">
            <span>{t('orders.form.itemSize')}</span>
            <input maxLength={20} value={size} onChange={(e) => setSize(e.target.value)} data-testid="change-size" />
          </label>
        </div>
      ) : (
        <label className="field">
          <span>{t(`changes.fields.${kind}`)}</span>
          <input maxLength={250} value={text} placeholder={t(`changes.placeholders.${kind}`)} onChange={(e) => setText(e.target.value)} data-testid="change-text" />
        </label>
      )}
      {order.status !== 'unpaid' && kind === 'cancel' ? <p className="notice notice-warning small">{t('changes.refundHint')}</p> : null}
      {kind !== 'cancel' ? (
        <label className="checkbox small">
          <input type="checkbox" checked={buyerConfirmed} onChange={(e) => setBuyerConfirmed(e.target.checked)} data-testid="change-confirmed" />
          <span>{t('changes.buyerConfirmed')}</span>
        </label>
      ) : null}
      <label className="checkbox small">
        <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} data-testid="change-urgent" />
        <span>{t('changes.urgent')}</span>
      </label>
      {problem ? (
        <div className="notice notice-error" role="alert">
          {problem}
        </div>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="change-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy} data-testid="change-submit">
          {t('changes.submit')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          {t('changes.back')}
        </button>
      </div>
    </form>
  );
}
