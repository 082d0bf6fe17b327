import type { AlertAudience, AlertStatus } from '@kefu/shared/domain/orders/alerts';
import { Alert, AlertsList, type NewWarehouseRequest } from '@kefu/shared/schemas/alerts';
import { ChangeRequest, ChangesList, type NewChangeInput } from '@kefu/shared/schemas/changes';
import { NotesList } from '@kefu/shared/schemas/notes';
import { api } from '../../lib/api.ts';

// The alert channel, an order's notes and change requests (docs/orders.md), parsed with the shared schemas.

const orderPath = (orderNo: string) => `/api/orders/${encodeURIComponent(orderNo)}`;

export const listAlerts = async (status: AlertStatus, audience?: AlertAudience) => AlertsList.parse(await api.get(`/api/alerts?status=${status}${audience ? `&audience=${audience}` : ''}`));
export const claimAlert = async (id: number) => Alert.parse(await api.post(`/api/alerts/${id}/claim`, {}));
export const finishAlert = async (id: number, reply: string, wrongInfo?: string) => Alert.parse(await api.post(`/api/alerts/${id}/done`, wrongInfo === undefined ? { reply } : { reply, wrongInfo }));
export const askWarehouse = async (orderNo: string, request: Partial<NewWarehouseRequest> & Pick<NewWarehouseRequest, 'kind'>) => Alert.parse(await api.post(`${orderPath(orderNo)}/warehouse-requests`, request));

export const listNotes = async (orderNo: string) => NotesList.parse(await api.get(`${orderPath(orderNo)}/notes`));
export const listChanges = async (orderNo: string) => ChangesList.parse(await api.get(`${orderPath(orderNo)}/changes`));
export const requestChange = async (orderNo: string, change: NewChangeInput) => ChangeRequest.parse(await api.post(`${orderPath(orderNo)}/changes`, change));
export const confirmChange = async (orderNo: string, id: number) => ChangeRequest.parse(await api.post(`${orderPath(orderNo)}/changes/${id}/confirm`, {}));
