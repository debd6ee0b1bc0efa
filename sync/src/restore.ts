// Replacing a dead till (ADR 0011): the new machine, enrolled with a replacement code,
// reads the till's whole journal back from the server page by page with the public keys
// that signed it, verifies and writes it, then registers its own new key, signing from
// the entry after the restored head. Until then the till has no machine key, and this is
// the only way one is registered without an enrolment code.
import type { z } from 'zod';
import type { JournalPage, JournalPageInput, RegisterKeysInput, RegisterKeysOutput, SyncEvent } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import type { ServerContext } from './context.ts';
import { registerKeys, tillKeysOf } from './ledger/till-keys.ts';
import { int } from './store/schema.ts';
import { transaction } from './store/tx.ts';

/** The till's events from `fromSeq`, a page at a time, with its head and its keys, read in one snapshot. */
export async function journalPage(ctx: ServerContext, tillId: string, input: z.infer<typeof JournalPageInput>): Promise<Result<JournalPage>> {
  return transaction(
    ctx.db,
    async (trx) => {
      const till = await trx.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', tillId).executeTakeFirstOrThrow();
      const rows = await trx
        .selectFrom('events')
        .selectAll()
        .where('till_id', '=', tillId)
        .where('seq', '>=', String(input.fromSeq))
        .orderBy('seq')
        .limit(input.limit)
        .execute();
      const events: SyncEvent[] = rows.map((r) => ({
        id: r.id,
        tillId: r.till_id,
        seq: int(r.seq),
        type: r.type,
        createdAtMs: int(r.created_at_ms),
        userId: r.user_id,
        sessionId: r.session_id,
        payload: r.payload,
        prevHash: r.prev_hash,
        hash: r.hash,
        format: r.format,
        signature: r.signature,
      }));
      const head = { seq: int(till.head_seq), hash: till.head_hash };
      const last = events.at(-1)?.seq ?? input.fromSeq - 1;
      return ok({ tillId, events, head, signingKeys: await tillKeysOf(trx, tillId), more: last < head.seq });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

/**
 * The restored till's keys: those that signed its journal (as the server holds them) and
 * its new key from head + 1. Only a till whose machine was replaced and not yet known
 * again may register one this way; its head must be the server's (it restored it all).
 */
export async function registerRestoredKeys(ctx: ServerContext, tillId: string, input: z.infer<typeof RegisterKeysInput>): Promise<Result<z.infer<typeof RegisterKeysOutput>>> {
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const till = await trx.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', tillId).forUpdate().executeTakeFirstOrThrow();
    const known = await trx.selectFrom('till_keys').select('public_key').where('till_id', '=', tillId).where('retired_at_ms', 'is', null).execute();
    if (known.length > 0) return refuse('till_already_enrolled', { tillId });
    if (input.head.seq !== int(till.head_seq) || input.head.hash !== till.head_hash) return refuse('sync_chain_broken', { seq: int(till.head_seq) });
    const refused = await registerKeys(trx, tillId, input.signingKeys, int(till.head_seq), input.head.seq, now);
    if (refused) return refused;
    ctx.log(`till ${tillId} restored its journal up to ${till.head_seq} on its new machine, which signs from ${int(till.head_seq) + 1}`);
    return ok({ tillId, signingKeys: await tillKeysOf(trx, tillId) });
  });
}
