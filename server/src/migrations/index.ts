import { Foundation1732406400000 } from './1732406400000-foundation.ts';

/** Every migration, in order. Listed by hand so tsx, vitest and a bundle all find them. */
export const migrations = [Foundation1732406400000];
