import { AppealThread, EntryImage, Fund, FundOutflowRecord, LedgerEntry, type FundOutflow, type NewLedgerEntry } from '@kefu/shared/schemas/ledger';
import { MonthSheet, SettleAccepted, StaffHistory } from '@kefu/shared/schemas/scoring';
import { api } from '../../lib/api.ts';
import type { AppealStatus, MyScore } from './scoring.types.ts';

// The endpoints of docs/scoring.md, one function each. Answers are parsed with the shared
// schemas, so a change in the server's shape fails loudly here, not as a blank page later.

const monthPath = (month: string) => `/api/scoring/months/${encodeURIComponent(month)}`;
const sheet = async (answer: Promise<unknown>) => MonthSheet.parse(await answer);
const entry = async (answer: Promise<unknown>) => LedgerEntry.parse(await answer);
const thread = async (answer: Promise<unknown>) => AppealThread.parse(await answer);

export const getMonth = (month: string) => sheet(api.get(monthPath(month)));
export const settleMonth = async (month: string) => SettleAccepted.parse(await api.post(`${monthPath(month)}/settle`));
export const submitMonth = (month: string) => sheet(api.post(`${monthPath(month)}/submit`));
export const approveMonth = (month: string) => sheet(api.post(`${monthPath(month)}/approve`));
export const reopenMonth = (month: string, reason: string) => sheet(api.post(`${monthPath(month)}/reopen`, { reason }));
export const returnMonth = (month: string, reason: string) => sheet(api.post(`${monthPath(month)}/return`, { reason }));
/** A plain link: the browser downloads it with the session cookie. */
export const monthCsvUrl = (month: string) => `${monthPath(month)}/export.csv`;

export async function listLedger(query: { month: string; staffId?: number }): Promise<LedgerEntry[]> {
  const params = new URLSearchParams({ month: query.month });
  if (query.staffId !== undefined) params.set('staffId', String(query.staffId));
  return LedgerEntry.array().parse(await api.get(`/api/ledger?${params}`));
}

/** The request as the shared schema's input (occurredAt with its offset, amounts in fen). */
export type NewEntryRequest = Omit<NewLedgerEntry, 'evidence'> & { evidence?: Array<{ kind: string; id: string }> };
export const recordEntry = (input: NewEntryRequest) => entry(api.post('/api/ledger', input));
export const attachEntryImage = async (entryId: number, file: Blob) => EntryImage.parse(await api.upload(`/api/ledger/${entryId}/images`, file));
/** A plain URL: the browser loads it with the session cookie (404 for anyone who may not see the entry). */
export const entryImageUrl = (entryId: number, imageId: string) => `/api/ledger/${entryId}/images/${encodeURIComponent(imageId)}`;
const Created = (answer: unknown) => ({ created: LedgerEntry.array().parse((answer as { created: unknown }).created) });
/** POST /api/ledger/bulk: all or nothing. */
export const bulkEntries = async (entries: NewEntryRequest[]) => Created(await api.post('/api/ledger/bulk', { entries }));
/** POST /api/ledger/import: the CSV's bytes as they are (the server detects UTF-8 or GBK). */
export const importEntries = async (file: Blob) => Created(await api.upload('/api/ledger/import', file, 'text/csv'));
export const revokeEntry = (id: number, reason: string) => entry(api.post(`/api/ledger/${id}/revoke`, { reason }));

export const listProposals = async (month: string) =>
  LedgerEntry.array().parse(await api.get(`/api/scoring/proposals?month=${encodeURIComponent(month)}`));
export const confirmProposals = async (ids: number[]) =>
  LedgerEntry.array().parse((await api.post<{ confirmed: unknown }>('/api/scoring/proposals/confirm', { ids })).confirmed);
export const dismissProposal = (id: number, reason: string) => entry(api.post(`/api/scoring/proposals/${id}/dismiss`, { reason }));

export const fileAppeal = (entryId: number, reason: string) => thread(api.post(`/api/ledger/${entryId}/appeal`, { reason }));
export const getAppeal = (entryId: number) => thread(api.get(`/api/ledger/${entryId}/appeal`));
export const addAppealMessage = (entryId: number, text: string) => thread(api.post(`/api/ledger/${entryId}/appeal/messages`, { text }));
export const decideAppeal = (entryId: number, decision: 'uphold' | 'revoke', reason: string) =>
  thread(api.post(`/api/ledger/${entryId}/appeal/decision`, { decision, reason }));
export const listAppeals = async (status?: AppealStatus) =>
  AppealThread.array().parse(await api.get(status ? `/api/scoring/appeals?status=${status}` : '/api/scoring/appeals'));

export const getMyScore = (month?: string) => api.get<MyScore>(month ? `/api/scoring/me?month=${encodeURIComponent(month)}` : '/api/scoring/me');

/** A person's last 12 months; without staffId, one's own. */
export const getHistory = async (staffId?: number) => StaffHistory.parse(await api.get(staffId === undefined ? '/api/scoring/history' : `/api/scoring/history?staffId=${staffId}`));

export const getFund = async () => Fund.parse(await api.get('/api/scoring/fund'));
export const recordOutflow = async (input: FundOutflow) => FundOutflowRecord.parse(await api.post('/api/scoring/fund/outflows', input));
