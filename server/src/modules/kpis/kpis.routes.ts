import { KpiRangeQuery, KpiReport, KpiSettings, MyKpis } from '@kefu/shared/schemas/kpis';
import type { Api } from '../../platform/http.ts';
import type { KpisService } from './kpis.service.ts';

/** The agents' KPIs (issue 15; docs/kpis.md). */
export function kpisRoutes(api: Api, kpis: KpisService): void {
  const tag = 'kpis';
  api.route(
    { method: 'get', path: '/api/kpis', summary: 'Every agent’s and the team’s KPIs over a range of shop days, per day too', tag, access: ['supervisor', 'manager'], query: KpiRangeQuery, response: KpiReport },
    ({ query }) => kpis.report(query),
  );
  api.route(
    { method: 'get', path: '/api/kpis/me', summary: 'My KPIs against the team’s median', tag, access: 'staff', query: KpiRangeQuery, response: MyKpis },
    ({ query, actor }) => kpis.mine(query, actor),
  );
  api.route(
    { method: 'get', path: '/api/kpis/export.csv', summary: 'The KPIs as CSV: per agent and day, then the range (UTF-8 with BOM)', tag, access: ['supervisor', 'manager'], query: KpiRangeQuery },
    async ({ query, res }) => {
      const csv = await kpis.exportCsv(query);
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="kpis-${query.from}-${query.to}.csv"`)
        .send(csv);
    },
  );
  api.route({ method: 'get', path: '/api/kpis/settings', summary: 'KPI targets and the shop’s service hours', tag, access: 'staff', response: KpiSettings }, () => kpis.settings());
  api.route(
    { method: 'put', path: '/api/kpis/settings', summary: 'Set the KPI targets and service hours (audited)', tag, access: ['supervisor'], body: KpiSettings, response: KpiSettings },
    ({ body, actor }) => kpis.saveSettings(body, actor),
  );
}
