import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import {
  Appeal,
  AppealDecision,
  AppealMessage,
  AppealThread,
  AppealsQuery,
  ConfirmProposals,
  DismissProposal,
  Fund,
  FundOutflow,
  FundOutflowRecord,
  LedgerEntry,
  LedgerQuery,
  NewLedgerEntry,
  ProposalsQuery,
  Revoke,
} from '@kefu/shared/schemas/ledger';
import { MonthParams, MonthSheet, MyScoreQuery, ReturnMonth, ScoresheetRow, SettleAccepted } from '@kefu/shared/schemas/scoring';
import type { Api } from '../../platform/http.ts';
import type { LedgerService } from './ledger.service.ts';
import type { ScoringService } from './scoring.service.ts';

const MyScore = z.object({
  month: z.string(),
  scored: z.boolean(),
  status: z.enum(['none', 'draft', 'submitted', 'approved']),
  score: z.number().int(),
  pointDeductionFen: z.number().int(),
  entries: z.array(LedgerEntry.extend({ countedPoints: z.number().int() })),
  sheet: ScoresheetRow.nullable(),
});

/** The ledger and the scoring month (issue 4; docs/scoring.md describes every shape). */
export function scoringRoutes(api: Api, ledger: LedgerService, scoring: ScoringService): void {
  const tag = 'scoring';

  // ---- ledger ----
  api.route(
    { method: 'post', path: '/api/ledger', summary: 'Record a ledger entry (confirmed at once)', tag, access: ['supervisor'], body: NewLedgerEntry, status: 201, response: LedgerEntry },
    ({ body, actor }) => ledger.record(body, actor),
  );
  api.route(
    { method: 'get', path: '/api/ledger', summary: 'Ledger entries; supervisors and managers see all, others only their own confirmed ones (another staffId is 403)', tag, access: 'staff', query: LedgerQuery, response: z.array(LedgerEntry) },
    ({ query, actor }) => ledger.list(query, actor),
  );
  api.route(
    { method: 'post', path: '/api/ledger/:id/revoke', summary: 'Revoke an entry: it stays, and counts nothing', tag, access: ['supervisor'], params: IdParams, body: Revoke, status: 201, response: LedgerEntry },
    ({ params, body, actor }) => ledger.revoke(params.id, body.reason, actor),
  );

  // ---- appeals ----
  api.route(
    { method: 'post', path: '/api/ledger/:id/appeal', summary: 'Appeal an entry (the person charged, once)', tag, access: 'staff', params: IdParams, body: Appeal, status: 201, response: AppealThread },
    ({ params, body, actor }) => ledger.appeal(params.id, body.reason, actor),
  );
  api.route(
    { method: 'get', path: '/api/ledger/:id/appeal', summary: 'The appeal thread (the person charged, supervisors, managers)', tag, access: 'staff', params: IdParams, response: AppealThread },
    ({ params, actor }) => ledger.thread(params.id, actor),
  );
  api.route(
    { method: 'post', path: '/api/ledger/:id/appeal/messages', summary: 'Add to an open appeal’s thread (the person charged or a supervisor)', tag, access: 'staff', params: IdParams, body: AppealMessage, status: 201, response: AppealThread },
    ({ params, body, actor }) => ledger.appealMessage(params.id, body.text, actor),
  );
  api.route(
    { method: 'post', path: '/api/ledger/:id/appeal/decision', summary: 'Uphold the entry or revoke it, with a reason', tag, access: ['supervisor'], params: IdParams, body: AppealDecision, response: AppealThread },
    ({ params, body, actor }) => ledger.decideAppeal(params.id, body, actor),
  );
  api.route(
    { method: 'get', path: '/api/scoring/appeals', summary: 'Appeals, newest first (without their messages)', tag, access: ['supervisor', 'manager'], query: AppealsQuery, response: z.array(AppealThread) },
    ({ query }) => ledger.appeals(query),
  );

  // ---- proposals ----
  api.route(
    { method: 'get', path: '/api/scoring/proposals', summary: 'Detector proposals of a month awaiting a decision', tag, access: ['supervisor'], query: ProposalsQuery, response: z.array(LedgerEntry) },
    ({ query }) => ledger.proposals(query.month),
  );
  api.route(
    { method: 'post', path: '/api/scoring/proposals/confirm', summary: 'Confirm proposals, all or nothing', tag, access: ['supervisor'], body: ConfirmProposals, response: z.object({ confirmed: z.array(LedgerEntry) }) },
    ({ body, actor }) => ledger.confirm(body.ids, actor),
  );
  api.route(
    { method: 'post', path: '/api/scoring/proposals/:id/dismiss', summary: 'Dismiss a proposal, with a reason', tag, access: ['supervisor'], params: IdParams, body: DismissProposal, response: LedgerEntry },
    ({ params, body, actor }) => ledger.dismiss(params.id, body.reason, actor),
  );

  // ---- the month ----
  api.route(
    { method: 'post', path: '/api/scoring/months/:month/settle', summary: 'Settle the month into a draft (a background job; detectors first)', tag, access: ['supervisor'], params: MonthParams, status: 202, response: SettleAccepted },
    ({ params, actor }) => scoring.settle(params.month, actor),
  );
  api.route(
    { method: 'get', path: '/api/scoring/months/:month', summary: 'The month’s scoresheet and status', tag, access: ['supervisor', 'manager'], params: MonthParams, response: MonthSheet },
    ({ params }) => scoring.month(params.month),
  );
  api.route(
    { method: 'post', path: '/api/scoring/months/:month/submit', summary: 'Submit the draft to the manager', tag, access: ['supervisor'], params: MonthParams, response: MonthSheet },
    ({ params, actor }) => scoring.submit(params.month, actor),
  );
  api.route(
    { method: 'post', path: '/api/scoring/months/:month/approve', summary: 'Approve: the month is locked, its fines enter the activity fund', tag, access: ['manager'], params: MonthParams, response: MonthSheet },
    ({ params, actor }) => scoring.approve(params.month, actor),
  );
  api.route(
    { method: 'post', path: '/api/scoring/months/:month/return', summary: 'Return the submitted scoresheet to draft, with a reason', tag, access: ['manager'], params: MonthParams, body: ReturnMonth, response: MonthSheet },
    ({ params, body, actor }) => scoring.return(params.month, body.reason, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/scoring/months/:month/reopen',
      summary: 'Reopen an approved month to draft, before its payday only, with a reason',
      tag,
      access: ['manager'],
      params: MonthParams,
      body: ReturnMonth,
      response: MonthSheet,
    },
    ({ params, body, actor }) => scoring.reopen(params.month, body.reason, actor),
  );
  api.route(
    { method: 'get', path: '/api/scoring/months/:month/export.csv', summary: 'The scoresheet as CSV (UTF-8 with BOM, money in yuan)', tag, access: ['supervisor', 'manager'], params: MonthParams },
    async ({ params, res }) => {
      const csv = await scoring.exportCsv(params.month);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="scoresheet-${params.month}.csv"`)
        .send(csv);
    },
  );

  // ---- me and the fund ----
  api.route(
    { method: 'get', path: '/api/scoring/me', summary: 'My running score of the month, every entry and what it counts', tag, access: 'staff', query: MyScoreQuery, response: MyScore },
    ({ query, actor }) => scoring.me(query.month, actor),
  );
  api.route(
    { method: 'get', path: '/api/scoring/fund', summary: 'The activity fund: inflows, outflows, balance', tag, access: 'staff', response: Fund },
    () => scoring.fund(),
  );
  api.route(
    { method: 'post', path: '/api/scoring/fund/outflows', summary: 'Record money spent from the activity fund', tag, access: ['supervisor'], body: FundOutflow, status: 201, response: FundOutflowRecord },
    ({ body, actor }) => scoring.recordOutflow(body, actor),
  );
}
