import type { AlertStatus } from '@kefu/shared/domain/orders/alerts';
import { Alert, AlertsList } from '@kefu/shared/schemas/alerts';
import { ChangeRequest, ChangesList, type NewChangeInput } from '@kefu/shared/schemas/changes';
import { NotesList } from '@kefu/shared/schemas/notes';
import { api } from '../../lib/api.ts';

// The alert channel, an order's notes and change requests (docs/orders.md), parsed with the shared schemas.

const orderPath = (orderNo: string) => `/api/orders/${encodeURIComponent(orderNo)}`;

export const listAlerts = async (status: AlertStatus) => AlertsList.parse(await api.get(`/api/alerts?status=${status}`));
export const claimAlert = async (id: number) => Alert.parse(await api.post(`/api/alerts/${id}/claim`, {}));
export const finishAlert = async (id: number, reply: string) => Alert.parse(await api.post(`/api/alerts/${id}/done`, { reply }));

export const listNotes = async (orderNo: string) => NotesList.parse(await api.get(`${orderPath(orderNo)}/notes`));
export const listChanges = async (orderNo: string) => ChangesList.parse(await api.get(`${orderPath(orderNo)}/changes`));
export const requestChange = async (orderNo: string, change: NewChangeInput) => ChangeRequest.parse(await api.post(`${orderPath(orderNo)}/changes`, change));
export const confirmChange = async (orderNo: string, id: number) => ChangeRequest.parse(await api.post(`${orderPath(orderNo)}/changes/${id}/confirm`, {}));
