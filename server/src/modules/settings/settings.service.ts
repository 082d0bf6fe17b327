import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The secret that signs session cookies: SESSION_SECRET when set, else one generated on
 * the first start and kept in the database, so every server process signs alike and a
 * restart does not log everybody out.
 */
export async function sessionSecret(db: DataSource, configured: string | undefined, now: Date): Promise<string> {
  return storedSecret(db, 'session_secret', configured, now);
}

/**
 * The secret that signs buyer links (/chat?buyer=…&sig=…): BUYER_LINK_SECRET when set (the
 * shop's site signs with the same one), else generated once and kept like the session's.
 */
export async function buyerLinkSecret(db: DataSource, configured: string | undefined, now: Date): Promise<string> {
  return storedSecret(db, 'buyer_link_secret', configured, now);
}

async function storedSecret(db: DataSource, key: string, configured: string | undefined, now: Date): Promise<string> {
  if (configured) return configured;
  // INSERT IGNORE: two processes starting together both end up reading the one stored value.
  await db.query('INSERT IGNORE INTO setting (setting_key, value, updated_at) VALUES (?, ?, ?)', [
    key,
    randomBytes(48).toString('base64url'),
    now,
  ]);
  const rows = (await db.query('SELECT value FROM setting WHERE setting_key = ?', [key])) as Array<{ value: string }>;
  const stored = rows[0]?.value;
  if (!stored) throw new Error(`the ${key.replace('_', ' ')} could not be stored`);
  return stored;
}
