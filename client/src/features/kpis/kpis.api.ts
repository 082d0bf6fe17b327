import { KpiReport, KpiSettings, MyKpis } from '@kefu/shared/schemas/kpis';
import { QualityReport, QualityReportBuilt, QualityReportList } from '@kefu/shared/schemas/qualityreport';
import { Callback } from '@kefu/shared/schemas/satisfaction';
import { z } from 'zod';
import { api } from '../../lib/api.ts';

// The KPI and call-back endpoints (docs/kpis.md), parsed with the shared schemas.

const range = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export const getKpis = async (from: string, to: string) => KpiReport.parse(await api.get(`/api/kpis?${range(from, to)}`));
export const getMyKpis = async (from: string, to: string) => MyKpis.parse(await api.get(`/api/kpis/me?${range(from, to)}`));
export const kpisCsvUrl = (from: string, to: string) => `/api/kpis/export.csv?${range(from, to)}`;
export const saveKpiSettings = async (settings: KpiSettings) => KpiSettings.parse(await api.put('/api/kpis/settings', settings));
export const listCallbacks = async () => z.array(Callback).parse(await api.get('/api/satisfaction/callbacks?status=open'));
export const finishCallback = async (id: number, version: number, answer: string) => Callback.parse(await api.post(`/api/satisfaction/callbacks/${id}/done`, { version, answer }));

// The daily quality report (docs/quality-report.md).
export const listQualityReports = async () => QualityReportList.parse(await api.get('/api/quality-reports'));
export const getQualityReport = async (day: string) => QualityReport.parse(await api.get(`/api/quality-reports/${encodeURIComponent(day)}`));
/** The supervisor's "build now": yesterday's report, or the existing one (idempotent). */
export const buildQualityReport = async () => QualityReportBuilt.parse(await api.post('/api/quality-reports/build', {}));
export const qualityReportPrintUrl = (day: string) => `/api/quality-reports/${encodeURIComponent(day)}/print`;
