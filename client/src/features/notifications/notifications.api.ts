import { api } from '../../lib/api.ts';
import type { NotificationItem } from './notifications.format.ts';

// docs/scoring.md "Notifications": the signed-in person's own newest 50, and marking one read.

function isNotification(value: unknown): value is NotificationItem {
  if (typeof value !== 'object' || value === null) return false;
  const n = value as Record<string, unknown>;
  return (
    typeof n.id === 'number' &&
    typeof n.kind === 'string' &&
    typeof n.payload === 'object' &&
    n.payload !== null &&
    typeof n.createdAt === 'string' &&
    (n.readAt === null || typeof n.readAt === 'string')
  );
}

export async function listNotifications(): Promise<NotificationItem[]> {
  const answer = await api.get<unknown>('/api/notifications');
  if (!Array.isArray(answer) || !answer.every(isNotification)) throw new Error('GET /api/notifications answered an unexpected shape');
  return answer;
}

export const markNotificationRead = (id: number) => api.post<void>(`/api/notifications/${id}/read`);
