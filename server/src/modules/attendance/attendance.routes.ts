import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import {
  Board,
  ClockBody,
  ClockEvent,
  Correction,
  CorrectionsQuery,
  Decision,
  MonthQuery,
  MyAttendance,
  NewCorrection,
  NewPermission,
  Permission,
  PermissionsQuery,
} from '@kefu/shared/schemas/attendance';
import type { Api } from '../../platform/http.ts';
import type { AttendanceBoard } from './attendance.board.ts';
import type { PermissionsService } from './attendance.permissions.ts';
import type { AttendanceService } from './attendance.service.ts';

/** 考勤: clocking, corrections (签卡), presence permissions, the live board (issue 14; docs/attendance.md). */
export function attendanceRoutes(api: Api, deps: { attendance: AttendanceService; permissions: PermissionsService; board: AttendanceBoard }): void {
  const { attendance, permissions, board } = deps;
  const tag = 'attendance';
  const working = ['supervisor', 'presale', 'aftersale', 'printer', 'warehouse'] as const;
  const agents = ['presale', 'aftersale'] as const;
  api.route(
    { method: 'post', path: '/api/attendance/clock', summary: 'Clock in or out (打卡); the IP is recorded', tag, access: working, body: ClockBody, status: 201, response: ClockEvent },
    ({ actor, body }) => attendance.clockIn(actor, body.kind),
  );
  api.route(
    { method: 'get', path: '/api/attendance/me', summary: 'My month: clocks, shifts with missing clocks, corrections, permissions', tag, access: working, query: MonthQuery, response: MyAttendance },
    ({ actor, query }) => attendance.mine(actor, query.month),
  );
  api.route(
    { method: 'post', path: '/api/attendance/corrections', summary: 'Explain a missing clock of my shift (签卡), within 2 days', tag, access: working, body: NewCorrection, status: 201, response: Correction },
    ({ actor, body }) => attendance.requestCorrection(actor, body),
  );
  api.route(
    { method: 'get', path: '/api/attendance/corrections', summary: 'Correction requests (pending first to decide)', tag, access: ['supervisor'], query: CorrectionsQuery, response: z.array(Correction) },
    ({ query }) => attendance.corrections(query.status),
  );
  api.route(
    { method: 'post', path: '/api/attendance/corrections/:id/decide', summary: 'Approve or refuse a correction (at most 3 approved a month per person)', tag, access: ['supervisor'], params: IdParams, body: Decision, response: Correction },
    ({ params, body, actor }) => attendance.decideCorrection(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/attendance/permissions', summary: 'Ask permission to go offline or invisible for a while during my shift', tag, access: agents, body: NewPermission, status: 201, response: Permission },
    ({ actor, body }) => permissions.request(actor, body),
  );
  api.route(
    { method: 'get', path: '/api/attendance/permissions', summary: 'Presence permission requests', tag, access: ['supervisor'], query: PermissionsQuery, response: z.array(Permission) },
    ({ query }) => permissions.list(query.state),
  );
  api.route(
    { method: 'post', path: '/api/attendance/permissions/:id/decide', summary: 'Grant or refuse a presence permission', tag, access: ['supervisor'], params: IdParams, body: Decision, response: Permission },
    ({ params, body, actor }) => permissions.decide(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/attendance/permissions/:id/withdraw', summary: 'Withdraw my pending permission request', tag, access: agents, params: IdParams, body: z.strictObject({ version: z.number().int().positive() }), response: Permission },
    ({ params, body, actor }) => permissions.withdraw(params.id, body.version, actor),
  );
  api.route(
    { method: 'get', path: '/api/attendance/board', summary: 'Who should be online now (the published roster) against who is', tag, access: ['supervisor'], response: Board },
    () => board.now(),
  );
}
