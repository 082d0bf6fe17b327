import type { DisputeOutcome, Recovery } from '@kefu/shared/domain/disputes/disputes';
import { Dispute, DisputeSettings, DisputesList, type NewDispute } from '@kefu/shared/schemas/disputes';
import { api } from '../../lib/api.ts';

// Refunds and disputes (docs/disputes.md), parsed with the shared schemas.

export const listDisputes = async (open: boolean) => DisputesList.parse(await api.get(open ? '/api/disputes' : '/api/disputes?open=0'));
export const enterDispute = async (input: NewDispute) => Dispute.parse(await api.post('/api/disputes', input));
export const markHandled = async (id: number, version: number, note: string) => Dispute.parse(await api.post(`/api/disputes/${id}/handled`, { version, note }));
export const recordOutcome = async (id: number, version: number, outcome: DisputeOutcome, note: string) => Dispute.parse(await api.post(`/api/disputes/${id}/outcome`, { version, outcome, note }));
export const recordRecovery = async (id: number, version: number, recovery: Recovery, note: string) => Dispute.parse(await api.post(`/api/disputes/${id}/recovery`, { version, recovery, note }));
export const remind = async (id: number) => Dispute.parse(await api.post(`/api/disputes/${id}/reminders`, {}));
export const getSettings = async () => DisputeSettings.parse(await api.get('/api/disputes/settings'));
export const saveSettings = async (input: DisputeSettings) => DisputeSettings.parse(await api.put('/api/disputes/settings', input));
