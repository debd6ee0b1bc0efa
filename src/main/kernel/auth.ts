// Login by user and PIN, bearer tokens, lockout after repeated wrong PINs.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { pinAttemptsMax, pinLockoutMs, sessionTokenTtlMs } from '../../shared/limits.ts';
import type { Role } from '../../shared/permissions.ts';
import { rolePermissions } from '../../shared/permissions.ts';
import { immediate, stmt } from './db/connection.ts';
import { recordAudit } from './audit.ts';
import { sha256Hex, type Actor, type Ctx, type TillContext } from './context.ts';
import { pinMatches } from './pin.ts';

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_salt: Buffer;
  pin_hash: Buffer;
  active: number;
  failed_attempts: number;
  locked_until_ms: number;
}

export function listUsers(till: TillContext): Result<OutputOf<'auth.users'>> {
  const rows = stmt(till.db, 'SELECT id, name, role FROM users WHERE active = 1 ORDER BY name').all() as { id: string; name: string; role: Role }[];
  return ok(rows);
}

/**
 * Checks, in order: user exists, is active, is not locked, PIN matches. A wrong PIN is
 * counted and audited even though the call is refused; the fifth in a row locks the
 * user for five minutes.
 */
export function login(till: TillContext, input: ParsedInputOf<'auth.login'>): Result<OutputOf<'auth.login'>> {
  const now = till.clock.nowMs();
  return immediate(till.db, (): Result<OutputOf<'auth.login'>> => {
    const user = stmt(till.db, 'SELECT * FROM users WHERE id = ?').get(input.userId) as UserRow | undefined;
    if (!user) return refuse('user_not_found');
    if (!user.active) return refuse('user_inactive');
    if (user.locked_until_ms > now) return refuse('user_locked', { untilMs: user.locked_until_ms });

    if (!pinMatches(input.pin, user.pin_salt, user.pin_hash)) {
      const attempts = user.failed_attempts + 1;
      recordAudit(till, { userId: user.id, action: 'auth.failed', details: { attempts } });
      if (attempts >= pinAttemptsMax) {
        const untilMs = now + pinLockoutMs;
        stmt(till.db, 'UPDATE users SET failed_attempts = 0, locked_until_ms = ? WHERE id = ?').run(untilMs, user.id);
        recordAudit(till, { userId: user.id, action: 'auth.locked', details: { untilMs } });
        return refuse('user_locked', { untilMs });
      }
      stmt(till.db, 'UPDATE users SET failed_attempts = ? WHERE id = ?').run(attempts, user.id);
      return refuse('pin_incorrect', { attemptsLeft: pinAttemptsMax - attempts });
    }

    stmt(till.db, 'UPDATE users SET failed_attempts = 0, locked_until_ms = 0 WHERE id = ?').run(user.id);
    const token = till.ids.token();
    const expiresAtMs = now + sessionTokenTtlMs;
    stmt(till.db, 'INSERT INTO auth_sessions (token_hash, user_id, till_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)').run(
      sha256Hex(token), user.id, till.tillId, now, expiresAtMs,
    );
    recordAudit(till, { userId: user.id, action: 'auth.login' });
    return ok({ token, expiresAtMs, user: { id: user.id, name: user.name, role: user.role } });
  });
}

/** The actor behind a bearer token, or why there is none. */
export function resolveToken(till: TillContext, token: string | null): Result<Actor> {
  if (!token) return refuse('not_authenticated');
  const tokenHash = sha256Hex(token);
  const row = stmt(
    till.db,
    `SELECT s.expires_at_ms, s.ended_at_ms, u.id, u.name, u.role, u.active
     FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.till_id = ?`,
  ).get(tokenHash, till.tillId) as { expires_at_ms: number; ended_at_ms: number | null; id: string; name: string; role: Role; active: number } | undefined;
  if (!row) return refuse('not_authenticated');
  if (row.ended_at_ms !== null || row.expires_at_ms <= till.clock.nowMs() || !row.active) return refuse('session_expired');
  return ok({ userId: row.id, name: row.name, role: row.role, tokenHash });
}

export function logout(ctx: Ctx): Result<OutputOf<'auth.logout'>> {
  immediate(ctx.db, () => {
    stmt(ctx.db, 'UPDATE auth_sessions SET ended_at_ms = ? WHERE token_hash = ?').run(ctx.clock.nowMs(), ctx.actor.tokenHash);
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'auth.logout' });
  });
  return ok({ done: true });
}

export function me(ctx: Ctx): Result<OutputOf<'auth.me'>> {
  return ok({
    user: { id: ctx.actor.userId, name: ctx.actor.name, role: ctx.actor.role },
    permissions: [...rolePermissions[ctx.actor.role]],
  });
}
