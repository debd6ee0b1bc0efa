// Enrolment (ADR 0011): the administrator makes a one-time code for a till id they name;
// the till sends it with its id, journal head and public signing keys, and gets a token.
// The code is spent in the same transaction that stores the token and registers the keys
// (till-keys.ts), so two machines racing with one code cannot both get in, and a refused
// enrolment spends nothing. The rules, in order:
// - a code unknown or expired: enrolment_code_invalid;
// - a code spent: the machine that spent it (its key, proved by a signature) gets a fresh
//   token, the one the code gave still valid (a lost answer retried, or the same request
//   arriving twice); anyone else enrolment_code_invalid;
// - a code for another till id: enrolment_till_mismatch, naming both (a fresh till takes
//   the code's id and comes again; one with a journal keeps its own);
// - a replacement code (the till marked replaced): a fresh machine enrols and is told to
//   restore the till's journal; its key is registered once it has (POST /v1/signing-keys);
// - a till whose machine is known (a key registered and not retired) enrols only that
//   machine again (same key): another machine is till_already_enrolled, and is never
//   given a token that cuts the known one off.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { enrolProofText, type CreateCodeInput, type CreateCodeOutput, type EnrolInput, type EnrolOutput, type ReplaceTillOutput } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { newEnrolmentCode, newSecret, sha256 } from './auth.ts';
import type { ServerContext } from './context.ts';
import { isValidSignature, publicKeyOf } from './ledger/journal.ts';
import { registerKeys } from './ledger/till-keys.ts';
import { int, intOrNull } from './store/schema.ts';
import type { EnrolmentCodesTable } from './store/schema.ts';
import { transaction, type Trx } from './store/tx.ts';

/** How long a code stays valid. */
export const enrolmentCodeTtlMs = 24 * 60 * 60 * 1000;

type Input = z.infer<typeof EnrolInput>;
type Output = z.infer<typeof EnrolOutput>;
type CodeRow = { code_hash: string; till_id: string; till_name: string; expires_at_ms: string; used_at_ms: string | null; is_replacement: boolean; machine_key: string | null; token_hash: string | null };

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
    await insertCode(trx, code, input.tillId, input.tillName, now, false);
    return ok({ code, tillId: input.tillId, expiresAtMs: now + enrolmentCodeTtlMs });
  });
}

async function insertCode(trx: Trx, code: string, tillId: string, tillName: string, nowMs: number, isReplacement: boolean): Promise<void> {
  const row: Partial<Record<keyof EnrolmentCodesTable, unknown>> = { code_hash: sha256(code), till_id: tillId, till_name: tillName, created_at_ms: nowMs, expires_at_ms: nowMs + enrolmentCodeTtlMs, is_replacement: isReplacement };
  await trx.insertInto('enrolment_codes').values(row as never).execute();
}

/** The machine's key: the last one it lists, which signs its next entries. */
const machineKeyOf = (input: Input): string => input.signingKeys.at(-1)!.publicKey;

/** The enrolment's proof verifies under the machine's key. */
function isProved(input: Input): boolean {
  const key = publicKeyOf(machineKeyOf(input));
  const hash = createHash('sha256').update(enrolProofText(input.code, input.tillId)).digest('hex');
  return key !== null && input.proof !== undefined && isValidSignature(key, hash, input.proof);
}

export async function enrol(ctx: ServerContext, input: Input): Promise<Result<Output>> {
  const now = ctx.clock.nowMs();
  const token = newSecret();
  return transaction(ctx.db, async (trx) => {
    const code = (await trx.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', sha256(input.code)).forUpdate().executeTakeFirst()) as CodeRow | undefined;
    if (!code || int(code.expires_at_ms) <= now) return refuse('enrolment_code_invalid');
    if (code.used_at_ms !== null) {
      // a lost answer: the machine that spent the code (and proves it holds its key) asks again
      if (code.till_id !== input.tillId || code.machine_key !== machineKeyOf(input) || !isProved(input)) return refuse('enrolment_code_invalid');
      return answerAgain(ctx, trx, code, token, now);
    }
    if (code.till_id !== input.tillId) return refuse('enrolment_till_mismatch', { tillId: input.tillId, codeTillId: code.till_id, codeTillName: code.till_name });
    const refused = code.is_replacement ? await replacementRefusal(trx, input) : await machineRefusal(trx, input, now);
    if (refused) return refused; // the transaction rolls back: the code stays unspent
    return issueToken(ctx, trx, code, input, token, now);
  });
}

/**
 * The same machine retrying a spent code: a fresh token, and the one the code gave stays
 * valid. A request the network delivered twice is answered twice, and the till keeps
 * whichever answer reached it: revoking the other would leave it holding a revoked token,
 * cut off with no code left to ask again (both go to the machine that proved its key).
 */
async function answerAgain(ctx: ServerContext, trx: Trx, code: CodeRow, token: string, now: number): Promise<Result<Output>> {
  const till = await trx.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', code.till_id).forUpdate().executeTakeFirstOrThrow();
  await trx.insertInto('till_tokens').values({ token_hash: sha256(token), till_id: code.till_id, created_at_ms: now }).execute();
  await trx.updateTable('enrolment_codes').set({ token_hash: sha256(token) }).where('code_hash', '=', code.code_hash).execute();
  ctx.log(`till ${code.till_id} asked again with the code it spent (a lost answer): a new token`);
  return ok({ token, tillId: code.till_id, head: { seq: int(till.head_seq), hash: till.head_hash }, serverTimeMs: now, restore: code.is_replacement });
}

/** The keys registered for a till that identify its machine (not retired by a replacement). */
async function machineKeys(trx: Trx, tillId: string): Promise<string[]> {
  const rows = await trx.selectFrom('till_keys').select('public_key').where('till_id', '=', tillId).where('retired_at_ms', 'is', null).execute();
  return rows.map((r) => r.public_key);
}

/**
 * A replacement code restores the till on a fresh machine, until the replacement is done:
 * once a new machine registered its key, the till is enrolled again and not to be cut off.
 */
async function replacementRefusal(trx: Trx, input: Input) {
  await trx.selectFrom('tills').select('id').where('id', '=', input.tillId).forUpdate().executeTakeFirstOrThrow();
  if ((await machineKeys(trx, input.tillId)).length > 0) return refuse('till_already_enrolled', { tillId: input.tillId });
  if (input.head.seq > 0) return refuse('replacement_not_fresh', { tillId: input.tillId, entries: input.head.seq });
  return null;
}

/**
 * A plain code: a till replaced and not yet restored takes only its replacement code; a
 * till whose machine is known takes only that machine (one of its keys listed); the keys
 * are registered against what the server holds.
 */
async function machineRefusal(trx: Trx, input: Input, now: number) {
  const till = await trx.selectFrom('tills').select(['head_seq', 'replaced_at_ms']).where('id', '=', input.tillId).forUpdate().executeTakeFirstOrThrow();
  const known = await machineKeys(trx, input.tillId);
  if (known.length === 0 && intOrNull(till.replaced_at_ms) !== null) return refuse('till_replaced', { tillId: input.tillId });
  if (known.length > 0 && !input.signingKeys.some((k) => known.includes(k.publicKey))) return refuse('till_already_enrolled', { tillId: input.tillId });
  return registerKeys(trx, input.tillId, input.signingKeys, int(till.head_seq), input.head.seq, now);
}

/** Spends the code for this machine and gives the token; the till's older tokens are revoked. */
async function issueToken(ctx: ServerContext, trx: Trx, code: CodeRow, input: Input, token: string, now: number): Promise<Result<Output>> {
  await trx.updateTable('till_tokens').set({ revoked_at_ms: now }).where('till_id', '=', input.tillId).where('revoked_at_ms', 'is', null).execute();
  await trx.insertInto('till_tokens').values({ token_hash: sha256(token), till_id: input.tillId, created_at_ms: now }).execute();
  await trx.updateTable('enrolment_codes').set({ used_at_ms: now, machine_key: machineKeyOf(input), token_hash: sha256(token) }).where('code_hash', '=', code.code_hash).execute();
  const till = await trx
    .updateTable('tills')
    .set({ enrolled_at_ms: now, revoked_at_ms: null, name: input.tillName || code.till_name })
    .where('id', '=', input.tillId)
    .returning(['head_seq', 'head_hash'])
    .executeTakeFirstOrThrow();
  const restore = code.is_replacement;
  ctx.log(`till ${input.tillId} enrolled${restore ? ' on a new machine, which restores its journal' : ''} (server holds its journal up to ${till.head_seq}, the till is at ${input.head.seq})`);
  return ok({ token, tillId: input.tillId, head: { seq: int(till.head_seq), hash: till.head_hash }, serverTimeMs: now, restore });
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

/**
 * A dead till marked replaced: its tokens revoked, its machine's keys retired (they still
 * verify what they signed), and a replacement code for the new machine, which restores
 * the journal the server holds and carries on its sequence.
 */
export async function replaceTill(ctx: ServerContext, tillId: string): Promise<Result<z.infer<typeof ReplaceTillOutput>>> {
  const now = ctx.clock.nowMs();
  const code = newEnrolmentCode();
  return transaction(ctx.db, async (trx) => {
    const till = await trx
      .updateTable('tills')
      .set({ replaced_at_ms: now, revoked_at_ms: now })
      .where('id', '=', tillId)
      .where('is_server', '=', false)
      .returning(['name', 'head_seq', 'head_hash'])
      .executeTakeFirst();
    if (!till) return refuse('till_not_found', { tillId: tillId.slice(0, 40) });
    await trx.updateTable('till_tokens').set({ revoked_at_ms: now }).where('till_id', '=', tillId).where('revoked_at_ms', 'is', null).execute();
    await trx.updateTable('till_keys').set({ retired_at_ms: now }).where('till_id', '=', tillId).where('retired_at_ms', 'is', null).execute();
    await insertCode(trx, code, tillId, till.name, now, true);
    ctx.log(`till ${tillId} marked replaced: its journal (up to ${till.head_seq}) waits for its new machine`);
    return ok({ tillId, replacedAtMs: now, code, expiresAtMs: now + enrolmentCodeTtlMs, head: { seq: int(till.head_seq), hash: till.head_hash } });
  });
}
