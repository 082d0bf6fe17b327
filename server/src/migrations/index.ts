import { Foundation1732406400000 } from './1732406400000-foundation.ts';
import { Scoring1733011200000 } from './1733011200000-scoring.ts';
import { Chat1733097600000 } from './1733097600000-chat.ts';
import { Orders1733184000000 } from './1733184000000-orders.ts';
import { ChatIdentity1733616000000 } from './1733616000000-chat-identity.ts';
import { ChatHandover1733616000001 } from './1733616000001-chat-handover.ts';

/** Every migration, in order. Listed by hand so tsx, vitest and a bundle all find them. */
export const migrations = [Foundation1732406400000, Scoring1733011200000, Chat1733097600000, Orders1733184000000, ChatIdentity1733616000000, ChatHandover1733616000001];
