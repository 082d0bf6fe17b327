import { Foundation1732406400000 } from './1732406400000-foundation.ts';
import { Scoring1733011200000 } from './1733011200000-scoring.ts';
import { Chat1733097600000 } from './1733097600000-chat.ts';
import { Orders1733184000000 } from './1733184000000-orders.ts';
import { Quality1733788800000 } from './1733788800000-quality.ts';
import { Complaints1733788800001 } from './1733788800001-complaints.ts';

/** Every migration, in order. Listed by hand so tsx, vitest and a bundle all find them. */
export const migrations = [Foundation1732406400000, Scoring1733011200000, Chat1733097600000, Orders1733184000000, Quality1733788800000, Complaints1733788800001];
