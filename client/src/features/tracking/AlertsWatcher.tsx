import { ALERT_AUDIENCES, type AlertAudience } from '@kefu/shared/domain/orders/alerts';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { askNotificationPermissionOnFirstGesture, notifyAttention, setAttentionCount } from '../../lib/attention.ts';
import { useRefetchOn } from '../../lib/socket-refetch.ts';
import { useStaffSocketEvent } from '../../lib/socket.context.tsx';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listAlerts } from './tracking.api.ts';

/** The attention count's key for alerts waiting to be claimed. */
export const ALERTS_ATTENTION = 'alerts';

/**
 * Mounted once in the console: keeps the count of open alerts for the person's roles (tab
 * title, menu badge), chimes and shows a desktop notification for a new one, and tells the
 * asking agent when a printer replied.
 */
export function AlertsWatcher() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const audiences: AlertAudience[] = ALERT_AUDIENCES.filter((audience) => user.roles.includes(audience));
  const handles = audiences.length > 0;

  const refresh = useCallback(() => {
    if (!handles) return;
    listAlerts('open').then(
      (list) => setAttentionCount(ALERTS_ATTENTION, list.alerts.filter((alert) => audiences.includes(alert.audience)).length),
      () => undefined,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handles, audiences.join(',')]);

  useEffect(() => {
    refresh();
    if (handles) askNotificationPermissionOnFirstGesture();
    return () => setAttentionCount(ALERTS_ATTENTION, 0);
  }, [refresh, handles]);
  useRefetchOn('alert:changed', () => true, refresh);

  useStaffSocketEvent('alert:changed', ({ alert }) => {
    if (alert.status === 'open' && alert.version === 1 && audiences.includes(alert.audience)) {
      notifyAttention(t('tracking.attention.newTitle', { orderNo: alert.orderNo }), alert.summary, `alert-${alert.id}`);
    }
    if (alert.status === 'done' && alert.requestedBy.id === user.id && alert.doneBy?.id !== user.id) {
      notifyAttention(t('tracking.attention.replyTitle', { name: alert.doneBy?.displayName ?? '', orderNo: alert.orderNo }), alert.reply ?? '', `alert-${alert.id}`);
    }
  });
  return null;
}
