import type { OrderDetail } from '@kefu/shared/schemas/orders';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { moveActions, moveRequest, type MoveAction, type MoveInput } from './order-moves.ts';
import { moveOrder } from './orders.api.ts';

/** Couriers the shop uses most; the field takes any other name too. */
const COMMON_COURIERS = ['顺丰速运', '中通快递', '圆通速递', '申通快递', '韵达快递', '邮政EMS', '京东物流'];
const LAST_COURIER_KEY = 'kefu.lastCourier';

/** A printer ships a day's parcels with one courier: the field starts with the last one used. */
function lastCourier(): string {
  try {
    return localStorage.getItem(LAST_COURIER_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberCourier(courier: string): void {
  try {
    localStorage.setItem(LAST_COURIER_KEY, courier);
  } catch {
    // storage blocked: the field simply starts empty next time
  }
}

interface Opened {
  action: MoveAction;
  /** The version the person saw when they started: a colleague's change meanwhile answers 409. */
  version: number;
}

/** The buttons for the moves the signed-in person's roles allow (mayMove), and the forms of those needing more. */
export function OrderMoveActions({ order, onMoved }: { order: OrderDetail; onMoved(order: OrderDetail, action: MoveAction): void }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const actions = moveActions(user.roles, order.status, { recalled: order.recalled });
  const [opened, setOpened] = useState<Opened | null>(null);
  const [input, setInput] = useState<MoveInput>({ courier: '', trackingNo: '', note: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function send(action: MoveAction, version: number, values: MoveInput) {
    setError(null);
    setProblem(null);
    const result = moveRequest(action, version, values);
    if ('problem' in result) return setProblem(t(`orders.move.problems.${result.problem}`));
    setBusy(true);
    try {
      const moved = await moveOrder(order.orderNo, result.move);
      if (result.move.courier) rememberCourier(result.move.courier);
      setOpened(null);
      onMoved(moved, action);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function start(action: MoveAction) {
    setError(null);
    setProblem(null);
    if (action.needs === null) return void send(action, order.version, { courier: '', trackingNo: '', note: '' });
    setInput({ courier: action.needs === 'shipping' ? lastCourier() : '', trackingNo: '', note: '' });
    setOpened({ action, version: order.version });
  }

  function onFormKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    // Esc leaves the move, not the whole order.
    event.preventDefault();
    setOpened(null);
  }

  if (actions.length === 0 && !opened) {
    return (
      <p className="muted small" data-testid="order-no-actions">
        {t('orders.detail.noActions')}
      </p>
    );
  }

  if (opened) {
    const { action, version } = opened;
    const onSubmit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      void send(action, version, input);
    };
    const set = (change: Partial<MoveInput>) => setInput((current) => ({ ...current, ...change }));
    return (
      <form className="move-form" onSubmit={onSubmit} onKeyDown={onFormKeyDown} data-testid={`move-form-${action.to}`}>
        {action.needs === 'shipping' ? (
          <>
            <label className="field">
              <span>{t('orders.move.courier')}</span>
              <input
                required
                autoFocus={input.courier === ''}
                list="order-couriers"
                maxLength={40}
                placeholder={t('orders.move.courierPlaceholder')}
                value={input.courier}
                onChange={(e) => set({ courier: e.target.value })}
                data-testid="move-courier"
              />
              <datalist id="order-couriers">
                {COMMON_COURIERS.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </label>
            <label className="field">
              <span>{t('orders.move.trackingNo')}</span>
              <input
                required
                autoFocus={input.courier !== ''}
                autoComplete="off"
                maxLength={60}
                className="mono"
                value={input.trackingNo}
                onChange={(e) => set({ trackingNo: e.target.value })}
                data-testid="move-tracking"
              />
            </label>
            <label className="field">
              <span>{t('orders.move.note')}</span>
              <input maxLength={500} value={input.note} onChange={(e) => set({ note: e.target.value })} data-testid="move-note" />
            </label>
          </>
        ) : (
          <>
            {order.paidAt ? <p className="notice notice-warning small">{t('orders.move.refundHint')}</p> : null}
            <label className="field">
              <span>{t('orders.move.cancelNote')}</span>
              <input
                required
                autoFocus
                maxLength={500}
                placeholder={t('orders.move.cancelNotePlaceholder')}
                value={input.note}
                onChange={(e) => set({ note: e.target.value })}
                data-testid="move-note"
              />
            </label>
          </>
        )}
        <FormErrors problem={problem} error={error} testId="move-error" />
        <div className="form-actions">
          <button type="submit" className={action.danger ? 'button button-danger' : 'button button-primary'} disabled={busy} data-testid="move-submit">
            {busy ? t('orders.move.moving') : action.needs === 'shipping' ? t('orders.move.confirmShip') : t('orders.move.confirmCancel')}
          </button>
          <button type="button" className="button" onClick={() => setOpened(null)} disabled={busy} data-testid="move-back">
            {t('orders.move.back')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <div className="move-actions">
      <div className="row-actions">
        {actions.map((action) => (
          <button
            key={action.label}
            type="button"
            className={action.danger ? 'button button-small button-danger' : 'button button-small button-primary'}
            onClick={() => start(action)}
            disabled={busy}
            data-testid={`order-move-${action.label}`}
          >
            {t(`orders.move.${action.label}`)}
          </button>
        ))}
      </div>
      <FormErrors problem={problem} error={error} testId="move-error" />
    </div>
  );
}
