import { Complaint, ComplaintSettings, ComplaintStats, type ComplaintsQuery, type NewComplaint } from '@kefu/shared/schemas/complaints';
import { z } from 'zod';
import { api } from '../../lib/api.ts';

// 客户投诉 (docs/complaints.md), parsed with the shared schemas.

export type ComplaintFilters = Pick<ComplaintsQuery, 'status' | 'handlerId' | 'overdue'>;

export function complaintsQuery(filters: ComplaintFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.handlerId) params.set('handlerId', String(filters.handlerId));
  if (filters.overdue) params.set('overdue', filters.overdue);
  const text = params.toString();
  return text ? `/api/complaints?${text}` : '/api/complaints';
}

export const listComplaints = async (filters: ComplaintFilters) => z.array(Complaint).parse(await api.get(complaintsQuery(filters)));
export const getComplaint = async (id: number) => Complaint.parse(await api.get(`/api/complaints/${id}`));
export const registerComplaint = async (input: NewComplaint) => Complaint.parse(await api.post('/api/complaints', input));
export const handOver = async (id: number, version: number, toStaffId: number, note: string) => Complaint.parse(await api.post(`/api/complaints/${id}/handover`, { version, toStaffId, note }));
export const resolveComplaint = async (id: number, input: { version: number; investigation: string; resolution: string; verified: boolean }) => Complaint.parse(await api.post(`/api/complaints/${id}/resolve`, input));
export const callBack = async (id: number, input: { version: number; answer: string; satisfied: boolean }) => Complaint.parse(await api.post(`/api/complaints/${id}/callback`, input));
export const getComplaintSettings = async () => ComplaintSettings.parse(await api.get('/api/complaints/settings'));
export const saveComplaintSettings = async (input: ComplaintSettings) => ComplaintSettings.parse(await api.put('/api/complaints/settings', input));
export const getComplaintStats = async (from: string, to: string) => ComplaintStats.parse(await api.get(`/api/complaints/stats?${new URLSearchParams({ from, to })}`));
