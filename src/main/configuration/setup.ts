// The first start without demo (issue 16): the institution, invoicing, this till's id, name
// and point of sale, and the first administrator with the PIN they choose — once. Until it
// is done nobody can log in; new organisations may not pay on account until an
// administrator says so.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { getSetting } from '../kernel/config.ts';
import type { TillContext } from '../kernel/context.ts';
import { adoptTillId, applyTillIdChange, checkTillIdChange } from '../kernel/till-identity.ts';
import { transact } from '../kernel/tx.ts';
import { writeHere } from './change.ts';
import { institutionRecordOf, institutionValue, checkInstitutionFields } from './institution.ts';
import { pointOfSaleRecord, storedInstitution, tillRecord, type ConfigRecord } from './records.ts';
import { checkNewPin, pinFields } from './users.ts';

type SetupInput = ParsedInputOf<'setup.complete'>;

/** Set up: an administrator exists (the demo's, or the one the set-up made). */
function isSetUp(db: Db): boolean {
  return stmt(db, "SELECT 1 FROM users WHERE role = 'administrator' LIMIT 1").get() !== undefined;
}

export function setupStatus(till: TillContext): Result<OutputOf<'setup.status'>> {
  return ok({ isSetUp: isSetUp(till.db), tillId: till.tillId, isDemo: getSetting(till.db, 'demo') === 'true' });
}

/** The point of sale this till belongs to as it is named at set-up. */
function pointOfSaleOf(db: Db, tillId: string): string {
  return tillRecord(db, tillId)?.pointOfSaleId ?? 'pos-main';
}

/**
 * Checks, in order: not set up yet; the institution's fields and invoicing; the PIN; the
 * till's id (another only while its journal is empty). Answers the records the set-up
 * writes: the institution (deferred defaults off), the point of sale renamed, and the
 * administrator.
 */
function checkSetup(till: TillContext, input: SetupInput): Result<{ records: ConfigRecord[]; administratorId: string }> {
  if (isSetUp(till.db)) return refuse('setup_already_done');
  const fields = checkInstitutionFields(till.db, input.institution, input.invoicing);
  if (!fields.ok) return refuse(fields.error.code, { ...fields.error.details, field: `institution.${String(fields.error.details?.field ?? '')}`.replace('institution.invoicing.', 'invoicing.') });
  const pin = checkNewPin(input.administrator.pin, 'administrator.pin');
  if (pin) return pin;
  const tillId = checkTillIdChange(till.db, till.tillId, { tillId: input.till.tillId, tillName: input.till.name });
  if (!tillId.ok) return refuse(tillId.error.code, { ...tillId.error.details, field: 'till.tillId' });
  const value = institutionValue(storedInstitution(till.db), input.institution, input.invoicing, { organisationsAuthorised: false, limitMinor: 0 });
  const pos = pointOfSaleRecord(till.db, pointOfSaleOf(till.db, till.tillId))!;
  const administratorId = `u-${till.ids.ulid().toLowerCase()}`;
  const administrator = { id: administratorId, name: input.administrator.name, role: 'administrator' as const, active: true, ...pinFields(input.administrator.pin), pinChangeRequired: false };
  const records: ConfigRecord[] = [institutionRecordOf(value), { kind: 'pointOfSale', id: pos.id, body: { ...pos, name: input.till.pointOfSaleName } }, { kind: 'user', id: administratorId, body: administrator }];
  return ok({ records, administratorId });
}

/**
 * The set-up in one transaction: the till takes its id and name (its provisional row kept,
 * ADR 0011), then the records, each versioned and audited under the new administrator.
 */
export function completeSetup(till: TillContext, input: SetupInput): Result<OutputOf<'setup.complete'>> {
  const next = { tillId: input.till.tillId, tillName: input.till.name };
  const done = transact(till.db, () => {
    const planned = checkSetup(till, input);
    if (!planned.ok) return planned;
    applyTillIdChange(till.db, till.tillId, next, till.clock.nowMs());
    writeHere(till, planned.value.administratorId, planned.value.records);
    return ok({ tillId: next.tillId, administratorId: planned.value.administratorId });
  });
  if (done.ok) adoptTillId(till, next.tillId);
  return done;
}
