import argon2 from 'argon2';
import bcrypt from 'bcryptjs';

/**
 * Passwords are hashed with argon2id (issue 12): bcrypt reads only the first 72 bytes, so a
 * long password's 72-byte prefix plus anything logged in. Hashes made by bcrypt before are
 * still verified, and replaced by an argon2id hash at the next successful login.
 *
 * The cost is OWASP's recommended minimum for argon2id (19 MiB, 2 passes, 1 lane): about
 * as slow as bcrypt cost 10 was here. The encoded hash is 97 characters (the column is 100).
 */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } satisfies argon2.HashOptions;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

/** Whether the password matches; `rehash` when it does and the stored hash is older (bcrypt, weaker argon2). */
export async function verifyPassword(hash: string, password: string): Promise<{ ok: boolean; rehash: boolean }> {
  if (hash.startsWith('$argon2')) {
    const ok = await argon2.verify(hash, password);
    return { ok, rehash: ok && argon2.needsRehash(hash, ARGON2) };
  }
  if (/^\$2[aby]\$/.test(hash)) {
    const ok = await bcrypt.compare(password, hash);
    return { ok, rehash: ok };
  }
  return { ok: false, rehash: false };
}

// Compared against when the username is unknown, so a miss costs as long as a wrong password.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
}
