import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { KpiRangeQuery } from '@kefu/shared/schemas/kpis';
import { CallbackRecord, Complaint, ComplaintSettings, ComplaintStats, ComplaintsQuery, Handover, NewComplaint, Resolve } from '@kefu/shared/schemas/complaints';
import type { Api } from '../../platform/http.ts';
import type { ComplaintsService } from './complaints.service.ts';

/** 客户投诉 (issue 15; docs/complaints.md). */
export function complaintsRoutes(api: Api, complaints: ComplaintsService, stats: (range: { from: string; to: string }) => Promise<ComplaintStats>): void {
  const tag = 'complaints';
  const workers = ['supervisor', 'presale', 'aftersale'] as const;
  api.route(
    { method: 'post', path: '/api/complaints', summary: 'Register a complaint (from a chat, a review or a call); its deadline follows the severity', tag, access: workers, body: NewComplaint, status: 201, response: Complaint },
    ({ body, actor }) => complaints.register(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/complaints', summary: 'Complaints: open ones by time left (overdue flagged), then the others', tag, access: workers, query: ComplaintsQuery, response: z.array(Complaint) },
    ({ query }) => complaints.list(query),
  );
  // Before /:id, so `settings` and `stats` are not read as an id.
  api.route(
    { method: 'get', path: '/api/complaints/stats', summary: 'Complaint figures per agent over shop days (the KPI page): concerning, verified, handled and the average handling time', tag, access: ['supervisor', 'manager'], query: KpiRangeQuery, response: ComplaintStats },
    ({ query }) => stats(query),
  );
  api.route(
    { method: 'get', path: '/api/complaints/settings', summary: 'The deadline hours by severity', tag, access: workers, response: ComplaintSettings },
    () => complaints.settings(),
  );
  api.route(
    { method: 'put', path: '/api/complaints/settings', summary: 'Change the deadline hours by severity (supervisor; complaints registered from now on)', tag, access: ['supervisor'], body: ComplaintSettings, response: ComplaintSettings },
    ({ body, actor }) => complaints.saveSettings(body, actor),
  );
  api.route({ method: 'get', path: '/api/complaints/:id', summary: 'A complaint with its history', tag, access: workers, params: IdParams, response: Complaint }, ({ params }) => complaints.get(params.id));
  api.route(
    { method: 'post', path: '/api/complaints/:id/handover', summary: 'Hand the complaint to another agent with a note (handler or supervisor)', tag, access: workers, params: IdParams, body: Handover, response: Complaint },
    ({ params, body, actor }) => complaints.handover(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/complaints/:id/resolve', summary: 'Write the investigation and resolution; verified as a service-quality complaint or not', tag, access: workers, params: IdParams, body: Resolve, response: Complaint },
    ({ params, body, actor }) => complaints.resolve(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/complaints/:id/callback', summary: 'Record the call-back (回访) with the buyer’s answer and satisfaction', tag, access: workers, params: IdParams, body: CallbackRecord, response: Complaint },
    ({ params, body, actor }) => complaints.callback(params.id, body, actor),
  );
}
