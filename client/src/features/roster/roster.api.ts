import { z } from 'zod';
import { LeaveView, MyShifts, RosterMonthView, ShiftTemplateView, ShiftView, SwapView, TodayTeam, HolidayView } from '@kefu/shared/schemas/roster';
import type { LeaveKind } from '@kefu/shared/domain/roster/leave';
import type { RosterRole, Segment } from '@kefu/shared/domain/roster/shifts';
import { api } from '../../lib/api.ts';

// The roster's endpoints (docs/roster.md), parsed with the shared schemas.

export type MyShiftsView = z.output<typeof MyShifts>;
export type TodayTeamView = z.output<typeof TodayTeam>;
export type OneShift = z.output<typeof ShiftView>;

export const getMonth = async (month: string) => RosterMonthView.parse(await api.get(`/api/roster/months/${month}`));
export const generateMonth = async (month: string, version: number) => RosterMonthView.parse(await api.post(`/api/roster/months/${month}/generate`, { version }));
export const setCells = async (month: string, version: number, cells: Array<{ staffId: number; day: string; templateId: number | null; role?: RosterRole }>) =>
  RosterMonthView.parse(await api.put(`/api/roster/months/${month}/cells`, { version, cells }));
export const setDuty = async (month: string, version: number, duty: Array<{ day: string; staffId: number | null }>) => RosterMonthView.parse(await api.put(`/api/roster/months/${month}/duty`, { version, duty }));
export const publishMonth = async (month: string, version: number) => RosterMonthView.parse(await api.post(`/api/roster/months/${month}/publish`, { version }));

export const getMine = async (month: string) => MyShifts.parse(await api.get(`/api/roster/mine?month=${month}`));
export const getToday = async () => TodayTeam.parse(await api.get('/api/roster/today'));
export const getShift = async (id: number) => ShiftView.parse(await api.get(`/api/roster/shifts/${id}`));

export const getTemplates = async () => z.array(ShiftTemplateView).parse(await api.get('/api/roster/templates'));
export const updateTemplate = async (id: number, input: { version: number; nameZh: string; nameEn: string; segments: Segment[] }) => ShiftTemplateView.parse(await api.put(`/api/roster/templates/${id}`, input));
export const getHolidays = async (year: string) => z.array(HolidayView).parse(await api.get(`/api/roster/holidays?year=${year}`));
export const addHoliday = async (day: string, name: string) => HolidayView.parse(await api.post('/api/roster/holidays', { day, name }));
export const removeHoliday = async (day: string) => api.delete(`/api/roster/holidays/${day}`);

export const listSwaps = async (month: string) => z.array(SwapView).parse(await api.get(`/api/roster/swaps?month=${month}`));
export const askSwap = async (input: { requesterDay: string; colleagueId: number; colleagueDay: string; note: string }) => SwapView.parse(await api.post('/api/roster/swaps', input));
export const swapStep = async (id: number, step: 'accept' | 'decline' | 'cancel', version: number) => SwapView.parse(await api.post(`/api/roster/swaps/${id}/${step}`, { version }));
export const decideSwap = async (id: number, version: number, approve: boolean, note?: string) => SwapView.parse(await api.post(`/api/roster/swaps/${id}/decide`, { version, approve, ...(note ? { note } : {}) }));

export const listLeave = async (month: string) => z.array(LeaveView).parse(await api.get(`/api/roster/leave?month=${month}`));
export const askLeave = async (input: { day: string; kind: LeaveKind; reason: string; supervisorId: number }) => LeaveView.parse(await api.post('/api/roster/leave', input));
export const cancelLeave = async (id: number, version: number) => LeaveView.parse(await api.post(`/api/roster/leave/${id}/cancel`, { version }));
export const decideLeave = async (id: number, version: number, approve: boolean, note?: string) => LeaveView.parse(await api.post(`/api/roster/leave/${id}/decide`, { version, approve, ...(note ? { note } : {}) }));
