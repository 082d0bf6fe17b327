import type { Processors } from '../workers.ts';
import { scoringProcessor } from './scoring.processor.ts';

export const processors: Processors = {
  scoring: scoringProcessor,
};
