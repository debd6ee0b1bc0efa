// Login by user and PIN, bearer tokens, lockout after repeated wrong PINs.
import { assertNever } from '../../shared/assert.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { pinAttemptsMax, pinLockoutMs, sessionTokenTtlMs } from '../../shared/limits.ts';
import type { Role } from '../../shared/permissions.ts';
import { rolePermissions } from '../../shared/permissions.ts';
import { stmt } from './db/connection.ts';
import { transact } from './tx.ts';
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
  pin_change_required: number;
}

export function listUsers(till: TillContext): Result<OutputOf<'auth.users'>> {
  const rows = stmt(till.db, 'SELECT id, name, role FROM users WHERE active = 1 ORDER BY name').all() as { id: string; name: string; role: Role }[];
  return ok(rows);
}

/** A login as checked: the PIN matched, or how many wrong PINs in a row this one makes. */
type LoginPlan = { kind: 'pin_matched'; user: UserRow } | { kind: 'pin_wrong'; user: UserRow; attempts: number };

/** What a login wrote: a session, or a wrong PIN counted (the user locked at the last one). */
type LoginRecorded =
  | { kind: 'logged_in'; output: OutputOf<'auth.login'> }
  | { kind: 'pin_change_required'; userId: string }
  | { kind: 'pin_counted'; attemptsLeft: number }
  | { kind: 'locked'; untilMs: number };

/**
 * Checks, in order: user exists, is active, is not locked, PIN matches. A wrong PIN is
 * counted and audited even though the call is refused: that is written and committed (a
 * value of the apply), and the refusal is answered after it; the fifth in a row locks the
 * user for five minutes.
 */
export function login(till: TillContext, input: ParsedInputOf<'auth.login'>): Result<OutputOf<'auth.login'>> {
  const now = till.clock.nowMs();
  const recorded = transact(till.db, (): Result<LoginRecorded> => {
    const checked = checkLogin(till, input, now);
    return checked.ok ? ok(applyLogin(till, checked.value, now)) : checked;
  });
  if (!recorded.ok) return recorded;
  const outcome = recorded.value;
  switch (outcome.kind) {
    case 'logged_in':
      return ok(outcome.output);
    case 'pin_change_required':
      // the right PIN, reset by an administrator: no session until the user chooses another (auth.changePin)
      return refuse('pin_change_required', { userId: outcome.userId });
    case 'pin_counted':
      return refuse('pin_incorrect', { attemptsLeft: outcome.attemptsLeft });
    case 'locked':
      return refuse('user_locked', { untilMs: outcome.untilMs });
    default:
      return assertNever(outcome);
  }
}

function checkLogin(till: TillContext, input: ParsedInputOf<'auth.login'>, now: number): Result<LoginPlan> {
  const user = stmt(till.db, 'SELECT * FROM users WHERE id = ?').get(input.userId) as UserRow | undefined;
  if (!user) return refuse('user_not_found');
  if (!user.active) return refuse('user_inactive');
  if (user.locked_until_ms > now) return refuse('user_locked', { untilMs: user.locked_until_ms });
  return pinMatches(input.pin, user.pin_salt, user.pin_hash) ? ok({ kind: 'pin_matched', user }) : ok({ kind: 'pin_wrong', user, attempts: user.failed_attempts + 1 });
}

/** A wrong PIN counted and audited; the fifth in a row locks the user. */
function countWrongPin(till: TillContext, plan: Extract<LoginPlan, { kind: 'pin_wrong' }>, now: number): Extract<LoginRecorded, { kind: 'pin_counted' | 'locked' }> {
  const { user } = plan;
  recordAudit(till, { userId: user.id, action: 'auth.failed', details: { attempts: plan.attempts } });
  if (plan.attempts >= pinAttemptsMax) {
    const untilMs = now + pinLockoutMs;
    stmt(till.db, 'UPDATE users SET failed_attempts = 0, locked_until_ms = ? WHERE id = ?').run(untilMs, user.id);
    recordAudit(till, { userId: user.id, action: 'auth.locked', details: { untilMs } });
    return { kind: 'locked', untilMs };
  }
  stmt(till.db, 'UPDATE users SET failed_attempts = ? WHERE id = ?').run(plan.attempts, user.id);
  return { kind: 'pin_counted', attemptsLeft: pinAttemptsMax - plan.attempts };
}

function applyLogin(till: TillContext, plan: LoginPlan, now: number): LoginRecorded {
  const { user } = plan;
  if (plan.kind === 'pin_wrong') return countWrongPin(till, plan, now);
  stmt(till.db, 'UPDATE users SET failed_attempts = 0, locked_until_ms = 0 WHERE id = ?').run(user.id);
  if (user.pin_change_required) return { kind: 'pin_change_required', userId: user.id };
  const token = till.ids.token();
  const expiresAtMs = now + sessionTokenTtlMs;
  stmt(till.db, 'INSERT INTO auth_sessions (token_hash, user_id, till_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)').run(
    sha256Hex(token), user.id, till.tillId, now, expiresAtMs,
  );
  recordAudit(till, { userId: user.id, action: 'auth.login' });
  return { kind: 'logged_in', output: { token, expiresAtMs, user: { id: user.id, name: user.name, role: user.role } } };
}

/**
 * Whether `pin` is the user's PIN, as a login checks it (the user exists, is active, is not
 * locked) and counts it: a wrong PIN is committed and audited, the fifth in a row locks
 * (a PIN change must not be a way round the lockout). Answers the user when it matches.
 */
export function verifyPin(till: TillContext, userId: string, pin: string): Result<{ id: string; name: string; role: Role }> {
  const now = till.clock.nowMs();
  const recorded = transact(till.db, (): Result<Extract<LoginRecorded, { kind: 'pin_counted' | 'locked' }> | { kind: 'matched'; user: UserRow }> => {
    const checked = checkLogin(till, { userId, pin }, now);
    if (!checked.ok) return checked;
    if (checked.value.kind === 'pin_wrong') return ok(countWrongPin(till, checked.value, now));
    stmt(till.db, 'UPDATE users SET failed_attempts = 0 WHERE id = ? AND failed_attempts <> 0').run(userId);
    return ok({ kind: 'matched', user: checked.value.user });
  });
  if (!recorded.ok) return recorded;
  const outcome = recorded.value;
  switch (outcome.kind) {
    case 'matched':
      return ok({ id: outcome.user.id, name: outcome.user.name, role: outcome.user.role });
    case 'pin_counted':
      return refuse('pin_incorrect', { attemptsLeft: outcome.attemptsLeft });
    case 'locked':
      return refuse('user_locked', { untilMs: outcome.untilMs });
    default:
      return assertNever(outcome);
  }
}

/** The actor behind a bearer token, or why there is none. */
export function resolveToken(till: TillContext, token: string | null): Result<Actor> {
  if (!token) return refuse('not_authenticated');
  const tokenHash = sha256Hex(token);
  // kept in the configuration cache: a login, a logout or a change of user drops it (config.ts)
  const row = till.config.memo(`auth.session:${tokenHash}`, () =>
    stmt(
      till.db,
      `SELECT s.expires_at_ms, s.ended_at_ms, u.id, u.name, u.role, u.active
       FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.till_id = ?`,
    ).get(tokenHash, till.tillId) as { expires_at_ms: number; ended_at_ms: number | null; id: string; name: string; role: Role; active: number } | undefined,
  );
  if (!row) return refuse('not_authenticated');
  if (row.ended_at_ms !== null || row.expires_at_ms <= till.clock.nowMs() || !row.active) return refuse('session_expired');
  return ok({ userId: row.id, name: row.name, role: row.role, tokenHash });
}

/** Nothing to refuse: the door resolved the token. */
export function logout(ctx: Ctx): Result<OutputOf<'auth.logout'>> {
  return transact(ctx.db, () => {
    stmt(ctx.db, 'UPDATE auth_sessions SET ended_at_ms = ? WHERE token_hash = ?').run(ctx.clock.nowMs(), ctx.actor.tokenHash);
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'auth.logout' });
    return ok({ done: true as const });
  });
}

export function me(ctx: Ctx): Result<OutputOf<'auth.me'>> {
  return ok({
    user: { id: ctx.actor.userId, name: ctx.actor.name, role: ctx.actor.role },
    permissions: [...rolePermissions[ctx.actor.role]],
  });
}
