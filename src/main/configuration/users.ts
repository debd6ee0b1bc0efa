// Users and PINs (issue 16): an administrator creates a user, sets their role, deactivates
// them (never deleted: their sales name them) and resets a PIN, which the user must change
// at their next login; every user changes their own PIN with the one they have. PINs are
// scrypt hashes (kernel/pin.ts), 6 digits at least, never shown again.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { UserRecord } from '../../shared/api/sync-records.ts';
import { pinProblem } from '../../shared/domain/configuration-rules.ts';
import { pinDigitsMax, pinDigitsMin } from '../../shared/limits.ts';
import type { Role } from '../../shared/permissions.ts';
import { ok, refuse, type Refusal, type Result } from '../../shared/result.ts';
import type { z } from 'zod';
import { verifyPin } from '../kernel/auth.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { hashPin, pinMatches } from '../kernel/pin.ts';
import { configVersionOf } from '../sync-client/index.ts';
import { commitChange, type ConfigPlan } from './change.ts';
import { nameTakenBy } from './names.ts';
import { userRecord } from './records.ts';

type UserConfig = OutputOf<'users.create'>;

/** A PIN as chosen now: digits only, pinDigitsMin to pinDigitsMax (the field named for the form). */
export function checkNewPin(pin: string, field: string): Refusal | null {
  const problem = pinProblem(pin);
  return problem ? refuse(problem, { field, min: pinDigitsMin, max: pinDigitsMax }) : null;
}

/** The PIN's salt and scrypt hash as a user record carries them (base64). */
export function pinFields(pin: string): Pick<z.infer<typeof UserRecord>, 'pinSalt' | 'pinHash'> {
  const { salt, hash } = hashPin(pin);
  return { pinSalt: salt.toString('base64'), pinHash: hash.toString('base64') };
}

export function userConfig(till: TillContext, id: string): UserConfig {
  const u = userRecord(till.db, id)!;
  const lock = stmt(till.db, 'SELECT locked_until_ms FROM users WHERE id = ?').get(id) as { locked_until_ms: number };
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    isActive: u.active,
    isPinChangeRequired: u.pinChangeRequired,
    lockedUntilMs: lock.locked_until_ms > till.clock.nowMs() ? lock.locked_until_ms : null,
    version: configVersionOf(till.db, 'user', id),
  };
}

export function listAllUsers(ctx: Ctx): Result<OutputOf<'users.list'>> {
  const rows = stmt(ctx.db, 'SELECT id FROM users ORDER BY active DESC, name').all() as { id: string }[];
  return ok(rows.map((r) => userConfig(ctx, r.id)));
}

/** Checks, in order: the PIN (digits, length); the name is no other user's. */
export function checkCreateUser(ctx: Ctx, input: ParsedInputOf<'users.create'>): Result<ConfigPlan<UserConfig>> {
  const pin = checkNewPin(input.pin, 'pin');
  if (pin) return pin;
  if (nameTakenBy(ctx.db, 'users', input.name, null)) return refuse('name_taken', { field: 'name', kind: 'user', name: input.name });
  const id = `u-${ctx.ids.ulid().toLowerCase()}`;
  const body = { id, name: input.name, role: input.role, active: true, ...pinFields(input.pin), pinChangeRequired: false };
  return ok({ records: [{ kind: 'user', id, body }], view: (till) => userConfig(till, id) });
}

function otherActiveAdministrators(db: Db, userId: string): number {
  return (stmt(db, "SELECT COUNT(*) AS n FROM users WHERE role = 'administrator' AND active = 1 AND id <> ?").get(userId) as { n: number }).n;
}

/**
 * Checks, in order: the user exists; the name is no other user's; nobody deactivates
 * themselves; the last active administrator stays one (the box office would be locked out
 * of its configuration).
 */
export function checkSaveUser(ctx: Ctx, input: ParsedInputOf<'users.save'>): Result<ConfigPlan<UserConfig>> {
  const user = userRecord(ctx.db, input.userId);
  if (!user) return refuse('user_not_found', { userId: input.userId });
  if (nameTakenBy(ctx.db, 'users', input.name, user.id)) return refuse('name_taken', { field: 'name', kind: 'user', name: input.name });
  if (!input.isActive && user.id === ctx.actor.userId) return refuse('user_self_deactivation', { field: 'isActive' });
  const staysAdministrator = input.isActive && input.role === 'administrator';
  if (user.active && user.role === 'administrator' && !staysAdministrator && otherActiveAdministrators(ctx.db, user.id) === 0) return refuse('last_administrator', { field: input.isActive ? 'role' : 'isActive' });
  const body = { ...user, name: input.name, role: input.role as Role, active: input.isActive };
  return ok({ records: [{ kind: 'user', id: user.id, body }], view: (till) => userConfig(till, user.id) });
}

/** Checks, in order: the user exists; the PIN (digits, length). The user must change it at the next login. */
export function checkResetPin(ctx: Ctx, input: ParsedInputOf<'users.resetPin'>): Result<ConfigPlan<UserConfig>> {
  const user = userRecord(ctx.db, input.userId);
  if (!user) return refuse('user_not_found', { userId: input.userId });
  const pin = checkNewPin(input.pin, 'pin');
  if (pin) return pin;
  const body = { ...user, ...pinFields(input.pin), pinChangeRequired: true };
  return ok({ records: [{ kind: 'user', id: user.id, body }], view: (till) => userConfig(till, user.id) });
}

type ChangePinInput = ParsedInputOf<'auth.changePin'>;

/** The new PIN (digits, length) and different from the one the user has. */
function checkChangePin(till: TillContext, input: ChangePinInput): Result<ConfigPlan<OutputOf<'auth.changePin'>>> {
  const user = userRecord(till.db, input.userId);
  if (!user) return refuse('user_not_found');
  const pin = checkNewPin(input.newPin, 'newPin');
  if (pin) return pin;
  if (pinMatches(input.newPin, Buffer.from(user.pinSalt, 'base64'), Buffer.from(user.pinHash, 'base64'))) return refuse('pin_unchanged', { field: 'newPin' });
  return ok({ records: [{ kind: 'user', id: user.id, body: { ...user, ...pinFields(input.newPin), pinChangeRequired: false } }], view: () => ({ done: true as const }) });
}

/**
 * A user's own PIN change, with the PIN they have (public: after a reset they cannot log in
 * first). The old PIN is checked as a login checks it — a wrong one counted, the fifth
 * locking — before anything else; then the change is made as every configuration change.
 */
export async function changeOwnPin(till: TillContext, input: ChangePinInput): Promise<Result<OutputOf<'auth.changePin'>>> {
  const verified = verifyPin(till, input.userId, input.pin);
  if (!verified.ok) return verified;
  return commitChange(till, input.userId, checkChangePin, input);
}
