import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import {
  CellsUpdate, DayParams, DutyUpdate, GenerateRoster, HolidaysQuery, HolidayView, LeaveDecision, LeaveView, MonthParams, MonthQuery, MyShifts, NewHoliday, NewLeave, NewSwap,
  Publish, RosterMonthView, ShiftTemplateView, ShiftView, SwapDecision, SwapView, TemplateUpdate, TodayTeam, VersionBody,
} from '@kefu/shared/schemas/roster';
import type { Api } from '../../platform/http.ts';
import type { LeaveService } from './roster.leave.ts';
import type { RosterService } from './roster.service.ts';
import type { SwapsService } from './roster.swaps.ts';

/** 值班表, 换班, 请假 (issue 14; docs/roster.md). */
export function rosterRoutes(api: Api, roster: RosterService, swaps: SwapsService, leave: LeaveService): void {
  const tag = 'roster';
  const supervisor = ['supervisor'] as const;
  const rostered = ['presale', 'aftersale', 'printer'] as const;
  const monthOf = (query: { month?: string | undefined }) => query.month ?? roster.today().slice(0, 7);

  api.route({ method: 'get', path: '/api/roster/templates', summary: 'The shift templates (segments in the shop’s wall clock)', tag, access: 'staff', response: z.array(ShiftTemplateView) }, () => roster.templates());
  api.route(
    { method: 'put', path: '/api/roster/templates/:id', summary: 'Change a shift template’s names and segments (version-guarded)', tag, access: supervisor, params: IdParams, body: TemplateUpdate, response: ShiftTemplateView },
    ({ params, body, actor }) => roster.updateTemplate(params.id, body, actor),
  );
  api.route({ method: 'get', path: '/api/roster/holidays', summary: 'The public holidays of a year (default: this year)', tag, access: 'staff', query: HolidaysQuery, response: z.array(HolidayView) }, ({ query }) => roster.holidays(query.year));
  api.route({ method: 'post', path: '/api/roster/holidays', summary: 'Mark a public holiday (or rename it)', tag, access: supervisor, body: NewHoliday, status: 201, response: HolidayView }, ({ body, actor }) => roster.addHoliday(body, actor));
  api.route({ method: 'delete', path: '/api/roster/holidays/:day', summary: 'Remove a public holiday', tag, access: supervisor, params: DayParams }, ({ params, actor }) => roster.removeHoliday(params.day, actor));

  api.route(
    { method: 'get', path: '/api/roster/months/:month', summary: 'A month’s roster: people × days, duty rota, holidays and coverage per shift (drafts only to the supervisor)', tag, access: 'staff', params: MonthParams, response: RosterMonthView },
    ({ params, actor }) => roster.month(params.month, actor),
  );
  api.route(
    { method: 'post', path: '/api/roster/months/:month/generate', summary: 'Fill a draft month from the 5-day rotation (version 0 creates it)', tag, access: supervisor, params: MonthParams, body: GenerateRoster, response: RosterMonthView },
    ({ params, body, actor }) => roster.generate(params.month, body.version, actor),
  );
  api.route(
    { method: 'put', path: '/api/roster/months/:month/cells', summary: 'Set cells by hand (templateId null clears one)', tag, access: supervisor, params: MonthParams, body: CellsUpdate, response: RosterMonthView },
    ({ params, body, actor }) => roster.setCells(params.month, body, actor),
  );
  api.route(
    { method: 'put', path: '/api/roster/months/:month/duty', summary: 'Set the daily duty rota (值日表)', tag, access: supervisor, params: MonthParams, body: DutyUpdate, response: RosterMonthView },
    ({ params, body, actor }) => roster.setDuty(params.month, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/roster/months/:month/publish', summary: 'Publish the month’s roster; everyone is notified', tag, access: supervisor, params: MonthParams, body: Publish, response: RosterMonthView },
    ({ params, body, actor }) => roster.publish(params.month, body.version, actor),
  );
  api.route({ method: 'get', path: '/api/roster/mine', summary: 'My shifts of a month (default: this month) in the published roster', tag, access: 'staff', query: MonthQuery, response: MyShifts }, ({ query, actor }) => roster.mine(monthOf(query), actor.id));
  api.route({ method: 'get', path: '/api/roster/today', summary: 'Today’s team: who works which shift, and the duty', tag, access: 'staff', response: TodayTeam }, () => roster.todayTeam());
  api.route({ method: 'get', path: '/api/roster/shifts/:id', summary: 'One shift (a scoring evidence link opens it)', tag, access: 'staff', params: IdParams, response: ShiftView }, ({ params, actor }) => roster.shift(params.id, actor));

  api.route({ method: 'get', path: '/api/roster/swaps', summary: 'Swaps of a month (the supervisor: all; others: their own)', tag, access: 'staff', query: MonthQuery, response: z.array(SwapView) }, ({ query, actor }) => swaps.list(monthOf(query), actor));
  api.route({ method: 'post', path: '/api/roster/swaps', summary: 'Ask a colleague to swap shifts', tag, access: rostered, body: NewSwap, status: 201, response: SwapView }, ({ body, actor }) => swaps.ask(body, actor));
  api.route({ method: 'post', path: '/api/roster/swaps/:id/accept', summary: 'The colleague accepts; the supervisor then decides', tag, access: rostered, params: IdParams, body: VersionBody, response: SwapView }, ({ params, body, actor }) => swaps.accept(params.id, body.version, actor));
  api.route({ method: 'post', path: '/api/roster/swaps/:id/decline', summary: 'The colleague declines', tag, access: rostered, params: IdParams, body: VersionBody, response: SwapView }, ({ params, body, actor }) => swaps.decline(params.id, body.version, actor));
  api.route({ method: 'post', path: '/api/roster/swaps/:id/cancel', summary: 'The requester withdraws it before the decision', tag, access: rostered, params: IdParams, body: VersionBody, response: SwapView }, ({ params, body, actor }) => swaps.cancel(params.id, body.version, actor));
  api.route(
    { method: 'post', path: '/api/roster/swaps/:id/decide', summary: 'The supervisor approves (before the shifts begin) or refuses', tag, access: supervisor, params: IdParams, body: SwapDecision, response: SwapView },
    ({ params, body, actor }) => swaps.decide(params.id, body, actor),
  );

  api.route({ method: 'get', path: '/api/roster/leave', summary: 'Leave requests of a month (the supervisor: asked of them and their own; others: their own)', tag, access: 'staff', query: MonthQuery, response: z.array(LeaveView) }, ({ query, actor }) => leave.list(monthOf(query), actor));
  api.route({ method: 'post', path: '/api/roster/leave', summary: 'Ask leave for a shift (kept as void, with why, when it breaks a rule)', tag, access: rostered, body: NewLeave, status: 201, response: LeaveView }, ({ body, actor }) => leave.ask(body, actor));
  api.route({ method: 'post', path: '/api/roster/leave/:id/cancel', summary: 'Withdraw one’s own leave request before the decision', tag, access: rostered, params: IdParams, body: VersionBody, response: LeaveView }, ({ params, body, actor }) => leave.cancel(params.id, body.version, actor));
  api.route(
    { method: 'post', path: '/api/roster/leave/:id/decide', summary: 'The supervisor asked grants or refuses it before the shift begins', tag, access: supervisor, params: IdParams, body: LeaveDecision, response: LeaveView },
    ({ params, body, actor }) => leave.decide(params.id, body, actor),
  );
}
