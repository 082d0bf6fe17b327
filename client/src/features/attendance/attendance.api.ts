import type { Board, ClockEvent, ClockKind, Correction, MyAttendance, NewCorrection, NewPermission, Permission } from '@kefu/shared/schemas/attendance';
import { api } from '../../lib/api.ts';

export const clock = (kind: ClockKind) => api.post<ClockEvent>('/api/attendance/clock', { kind });
export const getMine = (month?: string) => api.get<MyAttendance>(`/api/attendance/me${month ? `?month=${month}` : ''}`);
export const askCorrection = (body: NewCorrection) => api.post<Correction>('/api/attendance/corrections', body);
export const pendingCorrections = () => api.get<Correction[]>('/api/attendance/corrections?status=pending');
export const decideCorrection = (id: number, approve: boolean, version: number) => api.post<Correction>(`/api/attendance/corrections/${id}/decide`, { approve, version });
export const askPermission = (body: NewPermission) => api.post<Permission>('/api/attendance/permissions', body);
export const pendingPermissions = () => api.get<Permission[]>('/api/attendance/permissions?state=pending');
export const decidePermission = (id: number, approve: boolean, version: number) => api.post<Permission>(`/api/attendance/permissions/${id}/decide`, { approve, version });
export const withdrawPermission = (id: number, version: number) => api.post<Permission>(`/api/attendance/permissions/${id}/withdraw`, { version });
export const getBoard = () => api.get<Board>('/api/attendance/board');
