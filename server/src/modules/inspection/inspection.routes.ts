import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { KpiRangeQuery } from '@kefu/shared/schemas/kpis';
import {
  Inspection,
  InspectionKpis,
  InspectionReplyBody,
  InspectionsQuery,
  InspectionToLedger,
  MyInspectionKpis,
  NewInspection,
  PublishInspection,
  Sample,
  SampleQuery,
  SaveInspection,
} from '@kefu/shared/schemas/inspection';
import type { Api } from '../../platform/http.ts';
import type { InspectionService } from './inspection.service.ts';

/** 质检 (issue 15; docs/inspection.md). */
export function inspectionRoutes(api: Api, inspections: InspectionService): void {
  const tag = 'inspection';
  const supervisor = ['supervisor'] as const;
  api.route(
    { method: 'get', path: '/api/inspections/sample', summary: 'Draw conversations to inspect: random, or long waits, low ratings, complaints; per agent or team (seeded)', tag, access: supervisor, query: SampleQuery, response: Sample },
    ({ query }) => inspections.sample(query),
  );
  api.route(
    { method: 'get', path: '/api/inspections/kpis', summary: 'Per agent: published inspections of chats in the range, count and average score', tag, access: ['supervisor', 'manager'], query: KpiRangeQuery, response: InspectionKpis },
    async ({ query }) => ({ from: query.from, to: query.to, ...(await inspections.figures(query)) }),
  );
  api.route(
    { method: 'get', path: '/api/inspections/kpis/me', summary: 'My inspections over the range against the team', tag, access: 'staff', query: KpiRangeQuery, response: MyInspectionKpis },
    async ({ query, actor }) => {
      const { agents, team } = await inspections.figures(query);
      return { from: query.from, to: query.to, me: agents.find((a) => a.staffId === actor.id) ?? { staffId: actor.id, count: 0, averageScore: null }, team };
    },
  );
  api.route(
    { method: 'get', path: '/api/inspections/mine', summary: 'My published inspections with their replies', tag, access: 'staff', response: z.array(Inspection) },
    ({ actor }) => inspections.mine(actor),
  );
  api.route(
    { method: 'get', path: '/api/inspections', summary: 'Inspections: drafts first, then published, newest first', tag, access: ['supervisor', 'manager'], query: InspectionsQuery, response: z.array(Inspection) },
    ({ query }) => inspections.list(query),
  );
  api.route(
    { method: 'post', path: '/api/inspections', summary: 'Start inspecting a conversation (one inspection per conversation)', tag, access: supervisor, body: NewInspection, status: 201, response: Inspection },
    ({ body, actor }) => inspections.start(body.conversationId, actor),
  );
  api.route(
    { method: 'get', path: '/api/inspections/:id', summary: 'An inspection with its replies (the agent: their own published ones)', tag, access: 'staff', params: IdParams, response: Inspection },
    ({ params, actor }) => inspections.get(params.id, actor),
  );
  api.route(
    { method: 'patch', path: '/api/inspections/:id', summary: 'Save a draft’s checklist marks and summary (version-guarded)', tag, access: supervisor, params: IdParams, body: SaveInspection, response: Inspection },
    ({ params, body, actor }) => inspections.save(params.id, body, actor),
  );
  api.route(
    { method: 'post', path: '/api/inspections/:id/publish', summary: 'Publish a complete draft to the agent (once)', tag, access: supervisor, params: IdParams, body: PublishInspection, response: Inspection },
    ({ params, body, actor }) => inspections.publish(params.id, body.version, actor),
  );
  api.route(
    { method: 'post', path: '/api/inspections/:id/replies', summary: 'Answer a published inspection (the agent inspected, or a supervisor)', tag, access: 'staff', params: IdParams, body: InspectionReplyBody, status: 201, response: Inspection },
    ({ params, body, actor }) => inspections.reply(params.id, body.text, actor),
  );
  api.route(
    { method: 'post', path: '/api/inspections/:id/ledger', summary: 'Turn a published inspection into a ledger entry with the chat as evidence', tag, access: supervisor, params: IdParams, body: InspectionToLedger, status: 201, response: Inspection },
    ({ params, body, actor }) => inspections.toLedger(params.id, body, actor),
  );
}
