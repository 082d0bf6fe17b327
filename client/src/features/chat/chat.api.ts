import {
  BuyerMessagesPage,
  BuyerSessionResponse,
  CannedReply,
  CannedReplyList,
  ChangesPage,
  ChatSettings,
  ConversationDetail,
  ConversationList,
  ConversationResponse,
  HelpList,
  HelpResponse,
  ImageUploaded,
  MessagesPage,
  PresenceList,
  PresenceResponse,
  SearchResults,
  type Buyer,
  type CannedReplyPatch,
  type ChatRole,
  type ChatSettingsBody,
  type ConversationSummary,
  type HelpRequest,
  type ImageType,
  type LinkVisitorBody,
  type NewBuyerSession,
  type SignedBuyerSession,
  type NewCannedReply,
  type Presence,
  type PresenceStatus,
} from '@kefu/shared/schemas/chat';
import { api } from '../../lib/api.ts';

// The HTTP routes of docs/chat.md, one function each. Answers are parsed with the shared
// schemas, so a change in the server's shape fails loudly here.

// ---- buyers ----

export async function startBuyerSession(input: NewBuyerSession): Promise<Buyer> {
  return BuyerSessionResponse.parse(await api.post<unknown>('/api/buyer-sessions', input)).buyer;
}

/** A buyer arriving through the shop's signed link (/chat?buyer=…&ts=…&sig=…). */
export async function startSignedBuyerSession(input: SignedBuyerSession): Promise<Buyer> {
  return BuyerSessionResponse.parse(await api.post<unknown>('/api/buyer-sessions/signed', input)).buyer;
}

export async function currentBuyer(): Promise<Buyer> {
  return BuyerSessionResponse.parse(await api.get<unknown>('/api/buyer-sessions/me')).buyer;
}

export const endBuyerSession = () => api.delete('/api/buyer-sessions/me');

export async function buyerConversation(afterSeq: number): Promise<BuyerMessagesPage> {
  return BuyerMessagesPage.parse(await api.get<unknown>(`/api/buyer/conversation?afterSeq=${afterSeq}&limit=500`));
}

export async function uploadBuyerImage(file: Blob, mime: ImageType): Promise<ImageUploaded> {
  return ImageUploaded.parse(await api.upload<unknown>('/api/buyer/images', file, mime));
}

export const buyerImageUrl = (imageId: string) => `/api/buyer/images/${encodeURIComponent(imageId)}`;

// ---- staff ----

export async function listConversations(scope: 'mine' | 'queue' | 'all'): Promise<ReturnType<typeof ConversationList.parse>> {
  return ConversationList.parse(await api.get<unknown>(`/api/chat/conversations?scope=${scope}`));
}

export async function conversationDetail(id: number): Promise<ReturnType<typeof ConversationDetail.parse>> {
  return ConversationDetail.parse(await api.get<unknown>(`/api/chat/conversations/${id}`));
}

export async function conversationMessages(id: number, afterSeq: number): Promise<MessagesPage> {
  return MessagesPage.parse(await api.get<unknown>(`/api/chat/conversations/${id}/messages?afterSeq=${afterSeq}&limit=500`));
}

export async function changesAfter(after: number): Promise<ChangesPage> {
  return ChangesPage.parse(await api.get<unknown>(`/api/chat/changes?after=${after}`));
}

const conversationOf = async (request: Promise<unknown>): Promise<ConversationSummary> => ConversationResponse.parse(await request).conversation;

export const takeConversation = (id: number, version: number) => conversationOf(api.post(`/api/chat/conversations/${id}/take`, { version }));
export const closeConversation = (id: number, version: number) => conversationOf(api.post(`/api/chat/conversations/${id}/close`, { version }));
export const transferConversation = (id: number, body: { version: number; note: string } & ({ toAgentId: number } | { toRole: ChatRole } | { toSupervisor: true })) =>
  conversationOf(api.post(`/api/chat/conversations/${id}/transfer`, body));

export const linkVisitor = (id: number, body: LinkVisitorBody) => conversationOf(api.post(`/api/chat/conversations/${id}/link-visitor`, body));

export async function uploadStaffImage(conversationId: number, file: Blob, mime: ImageType): Promise<ImageUploaded> {
  return ImageUploaded.parse(await api.upload<unknown>(`/api/chat/conversations/${conversationId}/images`, file, mime));
}

export const staffImageUrl = (imageId: string) => `/api/chat/images/${encodeURIComponent(imageId)}`;

export interface SearchFilters {
  buyerId?: string;
  agentId?: number;
  text?: string;
  /** ISO instants */
  from?: string;
  to?: string;
  beforeId?: number;
}

export async function searchMessages(filters: SearchFilters): Promise<SearchResults> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(key, String(value));
  return SearchResults.parse(await api.get<unknown>(`/api/chat/search?${params}`));
}

export async function listPresence(): Promise<Presence[]> {
  return PresenceList.parse(await api.get<unknown>('/api/chat/presence')).agents;
}

export async function setPresence(status: PresenceStatus): Promise<Presence> {
  return PresenceResponse.parse(await api.put<unknown>('/api/chat/presence', { status })).presence;
}

export async function listCannedReplies(): Promise<CannedReply[]> {
  return CannedReplyList.parse(await api.get<unknown>('/api/chat/canned-replies')).replies;
}

export async function createCannedReply(input: NewCannedReply): Promise<CannedReply> {
  return CannedReply.parse(await api.post<unknown>('/api/chat/canned-replies', input));
}

export async function updateCannedReply(id: number, patch: CannedReplyPatch): Promise<CannedReply> {
  return CannedReply.parse(await api.patch<unknown>(`/api/chat/canned-replies/${id}`, patch));
}

export const deleteCannedReply = (id: number) => api.delete(`/api/chat/canned-replies/${id}`);

export async function chatSettings(): Promise<ChatSettings> {
  return ChatSettings.parse(await api.get<unknown>('/api/chat/settings'));
}

export async function updateChatSettings(body: ChatSettingsBody): Promise<ChatSettings> {
  return ChatSettings.parse(await api.put<unknown>('/api/chat/settings', body));
}

/** Ask the supervisor for help in my chat, without handing it over (issue 11). */
export async function askForHelp(conversationId: number, note: string): Promise<HelpRequest> {
  return HelpResponse.parse(await api.post<unknown>(`/api/chat/conversations/${conversationId}/help`, { note })).request;
}

/** Supervisors: requests nobody joined yet. */
export async function openHelpRequests(): Promise<HelpRequest[]> {
  return HelpList.parse(await api.get<unknown>('/api/chat/help')).requests;
}

export async function joinHelp(id: number): Promise<HelpRequest> {
  return HelpResponse.parse(await api.post<unknown>(`/api/chat/help/${id}/join`)).request;
}
