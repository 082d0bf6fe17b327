import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import type { Api } from '../../platform/http.ts';
import type { NotificationsService } from './notifications.service.ts';

const Notification = z.object({ id: z.number().int(), kind: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: z.string(), readAt: z.string().nullable() });

export function notificationsRoutes(api: Api, notifications: NotificationsService): void {
  api.route(
    { method: 'get', path: '/api/notifications', summary: 'My latest 50 notifications, newest first', tag: 'notifications', access: 'staff', response: z.array(Notification) },
    ({ actor }) => notifications.list(actor.id),
  );
  api.route(
    { method: 'post', path: '/api/notifications/:id/read', summary: 'Mark one of my notifications read', tag: 'notifications', access: 'staff', params: IdParams, status: 204 },
    async ({ params, actor }) => {
      await notifications.markRead(params.id, actor.id);
      return undefined;
    },
  );
}
