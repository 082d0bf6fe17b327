import type { Processors } from '../workers.ts';
import { alertsProcessor } from './alerts.processor.ts';
import { attendanceProcessor } from './attendance.processor.ts';
import { complaintsProcessor } from './complaints.processor.ts';
import { exchangesProcessor } from './exchanges.processor.ts';
import { qualityProcessor } from './quality.processor.ts';
import { scoringProcessor } from './scoring.processor.ts';

export const processors: Processors = {
  scoring: scoringProcessor,
  alerts: alertsProcessor,
  attendance: attendanceProcessor,
  complaints: complaintsProcessor,
  exchanges: exchangesProcessor,
  quality: qualityProcessor,
};
