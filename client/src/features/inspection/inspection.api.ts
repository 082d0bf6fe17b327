import { Inspection, InspectionKpis, MyInspectionKpis, Sample, type InspectionToLedger, type SaveInspection } from '@kefu/shared/schemas/inspection';
import { MessagesPage } from '@kefu/shared/schemas/chat';
import { z } from 'zod';
import { api } from '../../lib/api.ts';

// 质检 endpoints (docs/inspection.md), parsed with the shared schemas.

export interface SampleFilters {
  from: string;
  to: string;
  mode: Sample['mode'];
  staffId: number | null;
  team: 'presale' | 'aftersale' | null;
  count: number;
  waitMinutes: number;
}

export function sampleQuery(f: SampleFilters): string {
  const q = new URLSearchParams({ from: f.from, to: f.to, mode: f.mode, count: String(f.count) });
  if (f.staffId !== null) q.set('staffId', String(f.staffId));
  if (f.team !== null) q.set('team', f.team);
  if (f.mode === 'long_wait') q.set('waitMinutes', String(f.waitMinutes));
  return q.toString();
}

const range = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export const drawSample = async (f: SampleFilters) => Sample.parse(await api.get(`/api/inspections/sample?${sampleQuery(f)}`));
export const listInspections = async () => z.array(Inspection).parse(await api.get('/api/inspections'));
export const myInspections = async () => z.array(Inspection).parse(await api.get('/api/inspections/mine'));
export const getInspection = async (id: number) => Inspection.parse(await api.get(`/api/inspections/${id}`));
export const startInspection = async (conversationId: number) => Inspection.parse(await api.post('/api/inspections', { conversationId }));
export const saveInspection = async (id: number, body: SaveInspection) => Inspection.parse(await api.patch(`/api/inspections/${id}`, body));
export const publishInspection = async (id: number, version: number) => Inspection.parse(await api.post(`/api/inspections/${id}/publish`, { version }));
export const replyToInspection = async (id: number, text: string) => Inspection.parse(await api.post(`/api/inspections/${id}/replies`, { text }));
export const inspectionToLedger = async (id: number, body: InspectionToLedger) => Inspection.parse(await api.post(`/api/inspections/${id}/ledger`, body));
export const inspectionKpis = async (from: string, to: string) => InspectionKpis.parse(await api.get(`/api/inspections/kpis?${range(from, to)}`));
export const myInspectionKpis = async (from: string, to: string) => MyInspectionKpis.parse(await api.get(`/api/inspections/kpis/me?${range(from, to)}`));
/** The whole transcript (up to 500 messages) for the side-by-side view. */
export const transcriptOf = async (conversationId: number) => MessagesPage.parse(await api.get(`/api/chat/conversations/${conversationId}/messages?afterSeq=0&limit=500`));
