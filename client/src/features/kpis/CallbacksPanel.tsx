import type { Callback } from '@kefu/shared/schemas/satisfaction';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { finishCallback, listCallbacks } from './kpis.api.ts';

/** 回访: every open call-back after a 1–2 rating, recorded with what the buyer said. */
export function CallbacksPanel({ nameOf }: { nameOf(id: number | null): string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Callback[] | null>(null);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    listCallbacks().then(setItems, setError);
  }, []);

  async function finish(item: Callback) {
    setError(null);
    try {
      await finishCallback(item.id, item.version, answers[item.id] ?? '');
      setItems((list) => list?.filter((c) => c.id !== item.id) ?? null);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="panel" data-testid="kpi-callbacks">
      <h2>{t('kpis.callbacks.title')}</h2>
      {error ? <ApiErrorMessage error={error} /> : null}
      {items && items.length === 0 ? <p className="muted">{t('kpis.callbacks.none')}</p> : null}
      <ul className="kpi-callbacks">
        {items?.map((item) => (
          <li key={item.id}>
            <div>
              <strong>{t('kpis.callbacks.score', { score: item.score })}</strong> · {item.buyerId} · {t('kpis.callbacks.conversation', { id: item.conversationId })} · {nameOf(item.staffId)} ·{' '}
              <span className="muted">{formatShopDateTime(item.createdAt)}</span>
            </div>
            {item.comment ? <blockquote>{item.comment}</blockquote> : null}
            <div className="kpi-callback-answer">
              <input placeholder={t('kpis.callbacks.answer')} value={answers[item.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [item.id]: e.target.value })} aria-label={t('kpis.callbacks.answer')} />
              <button type="button" className="button button-small" disabled={!(answers[item.id] ?? '').trim()} onClick={() => void finish(item)}>
                {t('kpis.callbacks.done')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
