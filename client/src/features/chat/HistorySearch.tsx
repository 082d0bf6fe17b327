import type { Presence, SearchResults } from '@kefu/shared/schemas/chat';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatShopDateTime, shopWallTimeToIso } from '../../lib/time.ts';
import { listPresence, searchMessages, staffImageUrl, type SearchFilters } from './chat.api.ts';
import { chatMessagePath } from './deep-link.ts';
import { ImageLightbox } from './ImageLightbox.tsx';

type Result = SearchResults['results'][number];

/**
 * 聊天记录: history is evidence, kept and searchable. The supervisor searches everything;
 * an agent the chats they served (the server enforces it).
 */
export function HistorySearch({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const supervisor = user.roles.includes('supervisor');
  const [form, setForm] = useState({ buyerId: '', agentId: '', text: '', from: '', to: '' });
  const [agents, setAgents] = useState<Presence[]>([]);
  const [results, setResults] = useState<Result[] | null>(null);
  const [next, setNext] = useState<{ filters: SearchFilters; beforeId: number } | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lightbox, setLightbox] = useState<string | null>(null);

  useEffect(() => {
    if (supervisor) listPresence().then(setAgents, () => setAgents([]));
  }, [supervisor]);

  function filters(): SearchFilters {
    const f: SearchFilters = {};
    if (form.buyerId.trim()) f.buyerId = form.buyerId.trim();
    if (supervisor && form.agentId) f.agentId = Number(form.agentId);
    if (form.text.trim()) f.text = form.text.trim();
    // Dates are the shop's days: from its first to its last second.
    const from = form.from ? shopWallTimeToIso(`${form.from}T00:00:00`) : null;
    const to = form.to ? shopWallTimeToIso(`${form.to}T23:59:59`) : null;
    if (from) f.from = from;
    if (to) f.to = to;
    return f;
  }

  async function run(f: SearchFilters, append: boolean) {
    setSearching(true);
    setError(null);
    try {
      const page = await searchMessages(f);
      setResults((list) => (append ? [...(list ?? []), ...page.results] : page.results));
      setNext(page.nextBeforeId ? { filters: f, beforeId: page.nextBeforeId } : null);
    } catch (caught) {
      setError(caught);
    } finally {
      setSearching(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(filters(), false);
  }

  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <section className="panel history-search" data-testid="history-search">
      <h1>{t('chat.history.title')}</h1>
      {!supervisor ? <p className="muted small">{t('chat.history.ownOnly')}</p> : null}
      <form className="form-grid history-form" onSubmit={onSubmit}>
        <label className="field">
          <span>{t('chat.history.buyerId')}</span>
          <input value={form.buyerId} onChange={set('buyerId')} maxLength={64} data-testid="history-buyer" />
        </label>
        {supervisor ? (
          <label className="field">
            <span>{t('chat.history.agent')}</span>
            <select value={form.agentId} onChange={set('agentId')} data-testid="history-agent">
              <option value="">{t('chat.history.anyAgent')}</option>
              {agents.map((agent) => (
                <option key={agent.staffId} value={agent.staffId}>
                  {agent.displayName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span>{t('chat.history.text')}</span>
          <input value={form.text} onChange={set('text')} maxLength={100} data-testid="history-text" />
        </label>
        <label className="field">
          <span>{t('chat.history.from')}</span>
          <input type="date" value={form.from} onChange={set('from')} data-testid="history-from" />
        </label>
        <label className="field">
          <span>{t('chat.history.to')}</span>
          <input type="date" value={form.to} onChange={set('to')} data-testid="history-to" />
        </label>
        <div className="field history-submit">
          <span>&nbsp;</span>
          <button type="submit" className="button button-primary" disabled={searching} data-testid="history-submit">
            {searching ? t('chat.history.searching') : t('chat.history.search')}
          </button>
        </div>
      </form>
      {error ? <ApiErrorMessage error={error} testId="history-error" /> : null}
      {results !== null ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
          <table className="table history-results" data-testid="history-results">
            <thead>
              <tr>
                <th>{t('chat.history.time')}</th>
                <th>{t('chat.history.buyer')}</th>
                <th>{t('chat.history.role')}</th>
                <th>{t('chat.history.sender')}</th>
                <th>{t('chat.history.content')}</th>
                <th aria-label={t('chat.history.open')} />
              </tr>
            </thead>
            <tbody>
              {results.length === 0 ? (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('chat.history.empty')}
                  </td>
                </tr>
              ) : null}
              {results.map(({ message, buyerId, role }) => (
                <tr key={message.id} data-testid="history-row">
                  <td className="nowrap">{formatShopDateTime(message.createdAt)}</td>
                  <td>{buyerId}</td>
                  <td>{t(`chat.chatRoles.${role}`)}</td>
                  <td>{message.sender === 'buyer' ? t('chat.history.buyerSender') : (message.staffName ?? '')}</td>
                  <td className="history-content">
                    {message.kind === 'image' && message.imageId ? (
                      <button type="button" className="bubble-image" onClick={() => setLightbox(staffImageUrl(message.imageId!))}>
                        <img src={staffImageUrl(message.imageId)} alt={t('chat.image.alt')} loading="lazy" />
                      </button>
                    ) : (
                      message.text
                    )}
                  </td>
                  <td className="nowrap">
                    <Link to={chatMessagePath(message.conversationId, message.seq)} data-testid="history-open">
                      {t('chat.history.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? (
        <button type="button" className="button" disabled={searching} onClick={() => void run({ ...next.filters, beforeId: next.beforeId }, true)} data-testid="history-more">
          {t('chat.history.more')}
        </button>
      ) : null}
      <ImageLightbox url={lightbox} onClose={() => setLightbox(null)} />
    </section>
  );
}
