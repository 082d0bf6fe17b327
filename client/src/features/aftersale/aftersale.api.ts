import type { CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import { AfterSaleCase, ArrivalResult, BuyerPhotos, CaseDetail, CasesPage, type Arrival, type CloseCase, type NewCase } from '@kefu/shared/schemas/aftersale';
import { MessagesPage } from '@kefu/shared/schemas/chat';
import { api } from '../../lib/api.ts';

// The after-sale registry's endpoints (docs/orders.md), parsed with the shared schemas.

export interface CasesFilter {
  status?: CaseStatus;
  active?: 'true';
  buyerId?: string;
  orderNo?: string;
  /** Opened by this agent (a staff id). */
  agentId?: string;
  trackingNo?: string;
  from?: string;
  to?: string;
  postageToRefund?: 'true';
  before?: number;
  limit?: number;
}

/** The query string of a filter (empty values left out). */
export function exportQuery(filter: CasesFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

export const exportCsvUrl = (filter: CasesFilter) => `/api/aftersale/cases/export.csv?${exportQuery(filter)}`;

export async function listCases(filter: CasesFilter = {}): Promise<CasesPage> {
  const query = exportQuery(filter);
  return CasesPage.parse(await api.get(query ? `/api/aftersale/cases?${query}` : '/api/aftersale/cases'));
}

export const openCase = async (input: NewCase) => AfterSaleCase.parse(await api.post('/api/aftersale/cases', input));
/** A parcel at the warehouse (售后 ⑤): matched to its case and signed 已验收, or handed to after-sale. */
export const recordArrival = async (input: Arrival) => ArrivalResult.parse(await api.post('/api/aftersale/arrivals', input));
export const closeCase = async (id: number, input: CloseCase) => AfterSaleCase.parse(await api.post(`/api/aftersale/cases/${id}/close`, input));

/** Edit the registry's details (POST /details; the body is checked by the server's UpdateCase schema). */
export const updateCase = async (id: number, body: { version: number } & Record<string, unknown>) => AfterSaleCase.parse(await api.post(`/api/aftersale/cases/${id}/details`, body));
/** The case's linked chat, to pick the message that said a checklist item. */
export const caseChatMessages = async (conversationId: number) => MessagesPage.parse(await api.get(`/api/chat/conversations/${conversationId}/messages?afterSeq=0&limit=500`));
export const getCase = async (id: number) => CaseDetail.parse(await api.get(`/api/aftersale/cases/${id}`));
export const buyerPhotos = async (buyerId: string) => BuyerPhotos.parse(await api.get(`/api/aftersale/buyer-photos?buyerId=${encodeURIComponent(buyerId)}`));
export const casePhotoUrl = (id: number, imageId: string) => `/api/aftersale/cases/${id}/photos/${encodeURIComponent(imageId)}`;
/** A picture of the buyer's chat, as the agent who served the chat (or the supervisor) may see it. */
export const chatImageUrl = (imageId: string) => `/api/chat/images/${encodeURIComponent(imageId)}`;

/** The steps and edits of a case; each answers the case as it is now (or, for photos and ticks, with its story). */
export type CaseAction =
  | { kind: 'return-tracking'; body: { version: number; courier: string; trackingNo: string } }
  | { kind: 'received'; body: { version: number; result: string; note?: string; cardPresent: boolean } }
  | { kind: 'refund'; body: { version: number; note?: string } }
  | { kind: 'postage-refund'; body: { version: number } }
  | { kind: 'early-ship'; body: { version: number; reason: string } }
  | { kind: 'exchange-shipped'; body: { version: number; courier: string; trackingNo: string } }
  | { kind: 'reject'; body: { version: number; reason: string } }
  | { kind: 'close'; body: { version: number; note: string } }
  | { kind: 'ticks'; body: { version: number; item: string; messageId: number } }
  | { kind: 'photos'; body: { version: number; imageIds: string[] } };

export async function runCaseAction(id: number, action: CaseAction): Promise<void> {
  await api.post(`/api/aftersale/cases/${id}/${action.kind}`, action.body);
}
