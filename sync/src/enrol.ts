// Enrolment: the administrator makes a one-time code for a till id; the till sends it with
// its id, journal head and public signing keys, and gets a token. The code is spent in the
// same transaction that stores the token and registers the keys (till-keys.ts), so two
// tills racing with one code cannot both get in, and a refused key spends nothing.
// Enrolling again (a replaced machine, a restored database, a lost key) revokes the
// till's previous tokens.
import type { z } from 'zod';
import type { CreateCodeInput, CreateCodeOutput, EnrolInput, EnrolOutput } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { newEnrolmentCode, newSecret, sha256 } from './auth.ts';
import type { ServerContext } from './context.ts';
import { registerKeys } from './ledger/till-keys.ts';
import { int } from './store/schema.ts';
import { transaction } from './store/tx.ts';

/** How long a code stays valid. */
export const enrolmentCodeTtlMs = 24 * 60 * 60 * 1000;

export async function createEnrolmentCode(ctx: ServerContext, input: z.infer<typeof CreateCodeInput>): Promise<Result<z.infer<typeof CreateCodeOutput>>> {
  const now = ctx.clock.nowMs();
  const code = newEnrolmentCode();
  return transaction(ctx.db, async (trx) => {
    const till = await trx.selectFrom('tills').select('is_server').where('id', '=', input.tillId).executeTakeFirst();
    if (till?.is_server) return refuse('sync_foreign_till', { tillId: input.tillId });
    await trx
      .insertInto('tills')
      .values({ id: input.tillId, name: input.tillName })
      .onConflict((oc) => oc.column('id').doUpdateSet(input.tillName ? { name: input.tillName } : { id: input.tillId }))
      .execute();
    await trx.insertInto('enrolment_codes').values({ code_hash: sha256(code), till_id: input.tillId, till_name: input.tillName, created_at_ms: now, expires_at_ms: now + enrolmentCodeTtlMs }).execute();
    return ok({ code, tillId: input.tillId, expiresAtMs: now + enrolmentCodeTtlMs });
  });
}

export async function enrol(ctx: ServerContext, input: z.infer<typeof EnrolInput>): Promise<Result<z.infer<typeof EnrolOutput>>> {
  const now = ctx.clock.nowMs();
  const token = newSecret();
  return transaction(ctx.db, async (trx) => {
    const spent = await trx
      .updateTable('enrolment_codes')
      .set({ used_at_ms: now })
      .where('code_hash', '=', sha256(input.code))
      .where('till_id', '=', input.tillId)
      .where('used_at_ms', 'is', null)
      .where('expires_at_ms', '>', String(now))
      .returning('till_name')
      .executeTakeFirst();
    if (!spent) return refuse('enrolment_code_invalid');
    const held = await trx.selectFrom('tills').select('head_seq').where('id', '=', input.tillId).forUpdate().executeTakeFirstOrThrow();
    const keys = await registerKeys(trx, input.tillId, input.signingKeys, int(held.head_seq), input.head.seq, now);
    if (keys) return keys; // the transaction rolls back: the code stays unspent
    await trx.updateTable('till_tokens').set({ revoked_at_ms: now }).where('till_id', '=', input.tillId).where('revoked_at_ms', 'is', null).execute();
    await trx.insertInto('till_tokens').values({ token_hash: sha256(token), till_id: input.tillId, created_at_ms: now }).execute();
    const till = await trx
      .updateTable('tills')
      .set({ enrolled_at_ms: now, revoked_at_ms: null, name: input.tillName || spent.till_name })
      .where('id', '=', input.tillId)
      .returning(['head_seq', 'head_hash'])
      .executeTakeFirstOrThrow();
    ctx.log(`till ${input.tillId} enrolled (server holds its journal up to ${till.head_seq}, the till is at ${input.head.seq})`);
    return ok({ token, tillId: input.tillId, head: { seq: int(till.head_seq), hash: till.head_hash }, serverTimeMs: now });
  });
}

/** Revokes every token of a till: its next request is refused until it is enrolled again. */
export async function revokeTill(ctx: ServerContext, tillId: string): Promise<Result<{ tillId: string; revokedAtMs: number }>> {
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const till = await trx.updateTable('tills').set({ revoked_at_ms: now }).where('id', '=', tillId).where('is_server', '=', false).returning('id').executeTakeFirst();
    if (!till) return refuse('till_not_found', { tillId });
    await trx.updateTable('till_tokens').set({ revoked_at_ms: now }).where('till_id', '=', tillId).where('revoked_at_ms', 'is', null).execute();
    return ok({ tillId, revokedAtMs: now });
  });
}
