import { QualityReport, QualityReportBuild, QualityReportBuilt, QualityReportList, QualityReportParams } from '@kefu/shared/schemas/qualityreport';
import type { Io } from '../../platform/realtime.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import type { Api } from '../../platform/http.ts';
import { REPORT_READERS, type QualityReportService } from './qualityreport.service.ts';

/** The daily quality report (质量异常分析日报表; docs/quality-report.md): built by the workers, read here. */
export function qualityReportRoutes(api: Api, reports: QualityReportService, io: Io): void {
  const tag = 'quality-reports';
  const access = [...REPORT_READERS];
  api.route({ method: 'get', path: '/api/quality-reports', summary: 'The kept daily quality reports, newest first', tag, access, response: QualityReportList }, () => reports.list());
  // The supervisor's "build now" (the morning job missed, or a day to look at before 07:00):
  // the same idempotent build, one report per day, audited with who asked.
  api.route(
    { method: 'post', path: '/api/quality-reports/build', summary: 'Build a finished day’s quality report now (yesterday by default; idempotent, audited)', tag, access: ['supervisor'], body: QualityReportBuild, response: QualityReportBuilt },
    async ({ body, actor }) => {
      const outcome = await reports.build(body.day, actor);
      pushNotifications(io, outcome.notifications);
      return { created: outcome.created, report: outcome.report };
    },
  );
  api.route(
    { method: 'get', path: '/api/quality-reports/:day', summary: 'One day’s quality report', tag, access, params: QualityReportParams, response: QualityReport },
    ({ params }) => reports.get(params.day),
  );
  api.route(
    { method: 'get', path: '/api/quality-reports/:day/print', summary: 'The printable 质量异常分析日报表 (HTML, A4)', tag, access, params: QualityReportParams },
    async ({ params, res }) => {
      const html = await reports.printView(params.day);
      res
        .set('Cache-Control', 'no-store')
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
        .type('html')
        .send(html);
    },
  );
}
