import type { ParcelStatus, SlipStatus } from '@kefu/shared/domain/recall/recall';
import { DifficultParcel, ParcelsList, RecallSlip, SlipsPage, type NewParcel, type NewSlip, type ParcelFollowUp } from '@kefu/shared/schemas/recall';
import { api } from '../../lib/api.ts';

// Courier recall slips and difficult parcels (docs/recall.md), parsed with the shared schemas.

export async function listSlips(filter: { status?: SlipStatus; orderNo?: string; before?: number; limit?: number } = {}): Promise<SlipsPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return SlipsPage.parse(await api.get(query ? `/api/recall/slips?${query}` : '/api/recall/slips'));
}

export const makeSlip = async (input: NewSlip) => RecallSlip.parse(await api.post('/api/recall/slips', input));
export const signSlip = async (id: number, version: number, courierName: string) => RecallSlip.parse(await api.post(`/api/recall/slips/${id}/signature`, { version, courierName }));
export const receiveSlip = async (id: number, version: number) => RecallSlip.parse(await api.post(`/api/recall/slips/${id}/received`, { version }));
/** The print view opens in its own tab (a document with its own CSP, no script). */
export const slipViewUrl = (id: number, size: 'a4' | 'a5', lang: string) => `/api/recall/slips/${id}/view?size=${size}&lang=${lang === 'en' ? 'en' : 'zh-CN'}`;

export async function listParcels(status?: ParcelStatus): Promise<ParcelsList> {
  return ParcelsList.parse(await api.get(status ? `/api/recall/parcels?status=${status}` : '/api/recall/parcels'));
}
export const openParcel = async (input: NewParcel) => DifficultParcel.parse(await api.post('/api/recall/parcels', input));
export const followUpParcel = async (id: number, input: ParcelFollowUp) => DifficultParcel.parse(await api.post(`/api/recall/parcels/${id}/follow-ups`, input));
