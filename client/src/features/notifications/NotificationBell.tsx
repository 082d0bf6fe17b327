import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { useStaffSocket, useStaffSocketEvent } from '../../lib/socket.context.tsx';
import { formatShopDateTime } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listNotifications, markNotificationRead } from './notifications.api.ts';
import { formatNotification, mergeNotifications, unreadCount, type NotificationItem } from './notifications.format.ts';

/**
 * The bell in the console header: unread count, the newest notifications, a click marks one
 * read and opens its page. New ones arrive on the console socket (`notification:new`); the
 * list is fetched again on every (re)connect, for what was pushed while offline.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSessionUser();
  const socket = useStaffSocket();
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const root = useRef<HTMLDivElement>(null);
  const reader = { isSupervisor: user.roles.includes('supervisor') };

  const load = useCallback(() => {
    listNotifications().then(
      (page) => {
        setError(null);
        setItems((current) => mergeNotifications(current, page));
      },
      (caught: unknown) => setError(caught),
    );
  }, []);

  useEffect(() => load(), [load]);
  useEffect(() => {
    if (!socket) return;
    socket.on('connect', load);
    return () => {
      socket.off('connect', load);
    };
  }, [socket, load]);
  useStaffSocketEvent('notification:new', (pushed) => setItems((current) => mergeNotifications(current, [{ ...pushed, readAt: null }])));

  // Closes on a click elsewhere or Escape.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function choose(item: NotificationItem, to: string | null) {
    setOpen(false);
    if (item.readAt === null) {
      const setRead = (readAt: string | null) => setItems((current) => current.map((n) => (n.id === item.id ? { ...n, readAt } : n)));
      setRead(new Date().toISOString());
      markNotificationRead(item.id).catch((caught: unknown) => {
        setRead(null);
        setError(caught);
      });
    }
    if (to) void navigate(to);
  }

  const unread = unreadCount(items);
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');

  return (
    <div className="notification-bell" ref={root}>
      <button
        type="button"
        className="button button-ghost bell-button"
        aria-label={label}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
        data-testid="notification-bell"
        data-unread={unread}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 ? (
          <span className="bell-count" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="notification-panel" data-testid="notification-panel">
          <div className="notification-panel-title">{t('notifications.title')}</div>
          {error ? <ApiErrorMessage error={error} testId="notification-error" /> : null}
          {items.length === 0 ? (
            <p className="muted notification-empty" data-testid="notification-empty">
              {t('notifications.empty')}
            </p>
          ) : (
            <ul className="notification-list">
              {items.map((item) => {
                const formatted = formatNotification(item, reader);
                return (
                  <li key={item.id}>
                    <button
                      type="button"
                      className={item.readAt === null ? 'notification-item unread' : 'notification-item'}
                      onClick={() => choose(item, formatted.to)}
                      data-testid={`notification-${item.id}`}
                      data-kind={item.kind}
                      data-read={item.readAt === null ? 'false' : 'true'}
                    >
                      <span className="notification-text">{t(`notifications.messages.${formatted.message}`, formatted.params)}</span>
                      <time className="muted small" dateTime={item.createdAt}>
                        {formatShopDateTime(item.createdAt)}
                      </time>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
