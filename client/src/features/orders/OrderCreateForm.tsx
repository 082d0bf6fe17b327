import type { OrderDetail } from '@kefu/shared/schemas/orders';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { emptyItemLine, emptyOrderForm, linesTotalFen, newOrderFrom, type ItemLineInput, type OrderFormInput } from './order-form.ts';
import { createOrder } from './orders.api.ts';

/** Records an order as the back office shows it (ORDER_WRITERS only); the server checks everything again. */
export function OrderCreateForm({ onRecorded }: { onRecorded(order: OrderDetail): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<OrderFormInput>(emptyOrderForm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const orderNoInput = useRef<HTMLInputElement>(null);
  const total = linesTotalFen(form.items);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    const result = newOrderFrom(form);
    if ('problem' in result) {
      const { key, ...values } = result.problem;
      return setProblem(t(`orders.form.problems.${key}`, values));
    }
    setBusy(true);
    try {
      const order = await createOrder(result.order);
      setForm(emptyOrderForm());
      // The next order from the back office follows at once: straight back to the first field.
      orderNoInput.current?.focus();
      onRecorded(order);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const set = (change: Partial<OrderFormInput>) => setForm((f) => ({ ...f, ...change }));
  const setLine = (index: number, change: Partial<ItemLineInput>) =>
    setForm((f) => ({ ...f, items: f.items.map((line, i) => (i === index ? { ...line, ...change } : line)) }));

  return (
    <form className="panel order-form" onSubmit={onSubmit} aria-labelledby="order-form-title" data-testid="order-form">
      <h2 id="order-form-title">{t('orders.form.title')}</h2>
      <p className="muted small">{t('orders.form.hint')}</p>
      <div className="form-grid">
        <label className="field">
          <span>{t('orders.form.orderNo')}</span>
          <input
            ref={orderNoInput}
            required
            autoFocus
            autoComplete="off"
            maxLength={32}
            className="mono"
            placeholder={t('orders.form.orderNoPlaceholder')}
            value={form.orderNo}
            onChange={(e) => set({ orderNo: e.target.value })}
            data-testid="order-no"
          />
        </label>
        <label className="field">
          <span>{t('orders.form.buyerId')}</span>
          <input
            required
            autoComplete="off"
            maxLength={64}
            placeholder={t('orders.form.buyerPlaceholder')}
            value={form.buyerId}
            onChange={(e) => set({ buyerId: e.target.value })}
            data-testid="order-buyer"
          />
        </label>
        <fieldset className="field">
          <legend>{t('orders.form.payment')}</legend>
          <div className="radio-row">
            <label className="checkbox">
              <input type="radio" name="order-payment" checked={form.status === 'paid'} onChange={() => set({ status: 'paid' })} data-testid="order-status-paid" />
              <span>{t('orders.form.paid')}</span>
            </label>
            <label className="checkbox">
              <input type="radio" name="order-payment" checked={form.status === 'unpaid'} onChange={() => set({ status: 'unpaid' })} data-testid="order-status-unpaid" />
              <span>{t('orders.form.unpaid')}</span>
            </label>
          </div>
        </fieldset>
        <label className="field">
          <span>{t('orders.form.placedAt')}</span>
          <input type="datetime-local" value={form.placedAt} onChange={(e) => set({ placedAt: e.target.value })} data-testid="order-placed-at" />
        </label>
        {form.status === 'paid' ? (
          <label className="field">
            <span>{t('orders.form.paidAt')}</span>
            <input type="datetime-local" value={form.paidAt} onChange={(e) => set({ paidAt: e.target.value })} data-testid="order-paid-at" />
          </label>
        ) : null}
      </div>
      <fieldset className="field">
        <legend>{t('orders.form.receiver')}</legend>
        <div className="form-grid">
          <label className="field">
            <span>{t('orders.form.receiverName')}</span>
            <input autoComplete="off" maxLength={40} value={form.receiverName} onChange={(e) => set({ receiverName: e.target.value })} data-testid="order-receiver-name" />
          </label>
          <label className="field">
            <span>{t('orders.form.receiverPhone')}</span>
            <input autoComplete="off" inputMode="tel" maxLength={24} className="mono" value={form.receiverPhone} onChange={(e) => set({ receiverPhone: e.target.value })} data-testid="order-receiver-phone" />
          </label>
          <label className="field field-wide">
            <span>{t('orders.form.receiverAddress')}</span>
            <input
              autoComplete="off"
              maxLength={250}
              placeholder={t('orders.form.receiverAddressPlaceholder')}
              value={form.receiverAddress}
              onChange={(e) => set({ receiverAddress: e.target.value })}
              data-testid="order-receiver-address"
            />
          </label>
          <label className="field field-wide">
            <span>{t('orders.form.buyerMessage')}</span>
            <input autoComplete="off" maxLength={500} value={form.buyerMessage} onChange={(e) => set({ buyerMessage: e.target.value })} data-testid="order-buyer-message" />
          </label>
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t('orders.form.items')}</legend>
        <table className="table item-lines">
          <thead>
            <tr>
              <th>{t('orders.form.itemTitle')}</th>
              <th className="col-narrow">{t('orders.form.itemColour')}</th>
              <th className="col-narrow">{t('orders.form.itemSize')}</th>
              <th className="num col-narrow">{t('orders.form.itemQuantity')}</th>
              <th className="num col-narrow">{t('orders.form.itemPrice')}</th>
              <th className="col-narrow">{t('orders.form.itemInStock')}</th>
              <th className="col-narrow" />
            </tr>
          </thead>
          <tbody>
            {form.items.map((line, index) => {
              const label = t('orders.form.line', { line: index + 1 });
              return (
                <tr key={index} data-testid={`item-line-${index}`}>
                  <td>
                    <input
                      required
                      maxLength={120}
                      className="input-wide"
                      aria-label={`${label} ${t('orders.form.itemTitle')}`}
                      placeholder={t('orders.form.itemTitlePlaceholder')}
                      value={line.title}
                      onChange={(e) => setLine(index, { title: e.target.value })}
                      data-testid={`item-title-${index}`}
                    />
                  </td>
                  <td>
                    <input
                      maxLength={30}
                      className="input-attr"
                      aria-label={`${label} ${t('orders.form.itemColour')}`}
                      placeholder={t('orders.form.itemColourPlaceholder')}
                      value={line.colour}
                      onChange={(e) => setLine(index, { colour: e.target.value })}
                      data-testid={`item-colour-${index}`}
                    />
                  </td>
                  <td>
                    <input
                      maxLength={20}
                      className="input-attr"
                      aria-label={`${label} ${t('orders.form.itemSize')}`}
                      placeholder={t('orders.form.itemSizePlaceholder')}
                      value={line.size}
                      onChange={(e) => setLine(index, { size: e.target.value })}
                      data-testid={`item-size-${index}`}
                    />
                  </td>
                  <td className="num">
                    <input
                      required
                      type="number"
                      min={1}
                      max={99}
                      step={1}
                      className="input-qty"
                      aria-label={`${label} ${t('orders.form.itemQuantity')}`}
                      value={line.quantity}
                      onChange={(e) => setLine(index, { quantity: e.target.value })}
                      data-testid={`item-qty-${index}`}
                    />
                  </td>
                  <td className="num">
                    <input
                      required
                      inputMode="decimal"
                      className="input-price"
                      placeholder="0.00"
                      aria-label={`${label} ${t('orders.form.itemPrice')}`}
                      value={line.price}
                      onChange={(e) => setLine(index, { price: e.target.value })}
                      data-testid={`item-price-${index}`}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${label} ${t('orders.form.itemInStock')}`}
                      checked={line.inStock}
                      onChange={(e) => setLine(index, { inStock: e.target.checked })}
                      data-testid={`item-stock-${index}`}
                    />
                  </td>
                  <td>
                    {form.items.length > 1 ? (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => set({ items: form.items.filter((_, i) => i !== index) })}
                        data-testid={`item-remove-${index}`}
                      >
                        {t('orders.form.removeItem')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="item-lines-foot">
          <button type="button" className="button button-small" onClick={() => set({ items: [...form.items, emptyItemLine()] })} data-testid="item-add">
            {t('orders.form.addItem')}
          </button>
          <strong data-testid="order-form-total">{total === null ? t('orders.form.totalUnknown') : t('orders.form.total', { amount: formatFen(total) })}</strong>
        </div>
      </fieldset>
      <FormErrors problem={problem} error={error} testId="order-form-error" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="order-submit">
          {busy ? t('orders.form.submitting') : t('orders.form.submit')}
        </button>
      </div>
    </form>
  );
}
