/** The KPI targets and the shop's service hours (a setting; docs/kpis.md "Targets"). */
import type { EntityManager } from 'typeorm';
import { DEFAULT_SERVICE_HOURS } from '@kefu/shared/domain/kpis/tally';
import { KpiSettings } from '@kefu/shared/schemas/kpis';

export const SETTING_KEY = 'kpi.settings';
const DEFAULTS: KpiSettings = { targets: {}, serviceHours: DEFAULT_SERVICE_HOURS };
export async function readKpiSettings(tx: EntityManager): Promise<KpiSettings> {
  const rows = (await tx.query('SELECT value FROM setting WHERE setting_key = ?', [SETTING_KEY])) as Array<{ value: string }>;
  if (!rows[0]) return DEFAULTS;
  const parsed = KpiSettings.safeParse(JSON.parse(rows[0].value));
  return parsed.success ? parsed.data : DEFAULTS;
}

