import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { Callback, CallbackDone, CallbacksQuery, PendingSurvey, SurveyAnswer } from '@kefu/shared/schemas/satisfaction';
import type { Api } from '../../platform/http.ts';
import type { SatisfactionService } from './satisfaction.service.ts';

/** 满意度: the buyer's rating of a closed chat, and the call-backs after a low one (issue 15). */
export function satisfactionRoutes(api: Api, satisfaction: SatisfactionService): void {
  const tag = 'satisfaction';
  api.route(
    { method: 'get', path: '/api/buyer/survey', summary: 'The closed chat waiting for my rating (null when none)', tag, access: 'buyer', response: PendingSurvey },
    ({ buyer }) => satisfaction.pending(buyer),
  );
  api.route(
    { method: 'post', path: '/api/buyer/survey', summary: 'Rate a closed chat 1–5 with an optional comment (once; within 24 h of closing)', tag, access: 'buyer', body: SurveyAnswer, status: 201, response: z.object({ ok: z.literal(true), callbackId: z.number().int().nullable() }) },
    ({ buyer, body }) => satisfaction.answer(buyer, body),
  );
  api.route(
    { method: 'get', path: '/api/satisfaction/callbacks', summary: 'Call-backs after a 1–2 rating, open ones first', tag, access: ['supervisor', 'aftersale'], query: CallbacksQuery, response: z.array(Callback) },
    ({ query }) => satisfaction.callbacks(query.status),
  );
  api.route(
    { method: 'post', path: '/api/satisfaction/callbacks/:id/done', summary: 'Record the call-back with the buyer’s answer (version-guarded)', tag, access: ['supervisor', 'aftersale'], params: IdParams, body: CallbackDone, response: Callback },
    ({ params, body, actor }) => satisfaction.done(params.id, body, actor),
  );
}
