// `npm run verify-journal -- --data-dir DIR [--json] [--quick]`: checks a till's journal chain
// (C12) without writing to it. Exit 0: the journal verifies; 1: it does not (the first
// bad entry is named); 2: it could not be verified (no folder, no database, no key).
// The checks themselves live in verifyJournal (run over every core by verifyJournalFile);
// this file only checks the folder, calls and reports.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { latestVersion, schemaVersion } from '../db/migrations/index.ts';
import { journalKeyFile, loadJournalKey } from '../ledger/keys.ts';
import { verifyJournalFile } from '../ledger/verify-file.ts';
import type { VerifyProblemReason, VerifyReport } from '../ledger/verify.ts';

/** Same name as src/main/till.ts; not imported from there so the verifier loads no services. */
const databaseFile = 'guichet.sqlite';

export const exitCodes = { verified: 0, tampered: 1, unverifiable: 2 } as const;

export interface CliOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** French wording of each reason; a new reason in verify.ts is a compile error here. */
const reasonFr: Record<VerifyProblemReason, string> = {
  sequence_gap: 'numérotation rompue (écriture supprimée ou renumérotée)',
  chain_broken: 'chaînage rompu (écritures réordonnées ou remplacées)',
  hash_mismatch: 'empreinte invalide (écriture modifiée après coup)',
  postings_mismatch: 'imputations différentes de celles scellées dans l’écriture',
  dangling_reference: 'référence à une écriture disparue (écritures supprimées)',
  row_missing: 'dossier, remboursement, session ou mouvement de caisse supprimé (l’écriture le décrit)',
  row_altered: 'dossier, remboursement, session, rapport Z ou mouvement de caisse modifié après coup',
  balance_mismatch: 'solde matérialisé différent de la somme des imputations',
  audit_chain_broken: 'journal d’audit modifié, supprimé, réordonné ou complété hors chaîne',
};

const usage = 'usage : npm run verify-journal -- --data-dir DOSSIER [--json] [--quick]';

class Unverifiable extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function runVerifyJournal(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliOutcome> {
  let json = false;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        // --quick: the chain, postings and balances only, not every order and refund row
        quick: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    json = values.json ?? false;
    if (values.help) return { exitCode: exitCodes.verified, stdout: `${usage}\n`, stderr: '' };
    const dataDir = values['data-dir'] ?? env.GUICHET_DATA_DIR;
    if (!dataDir) throw new Unverifiable('usage', `aucun dossier de données : ${usage}`);
    const report = await verifyDataDir(resolve(dataDir), { deep: !values.quick });
    return {
      exitCode: report.ok ? exitCodes.verified : exitCodes.tampered,
      stdout: `${json ? JSON.stringify({ dataDir: resolve(dataDir), ...report }) : verdict(report)}\n`,
      stderr: '',
    };
  } catch (error) {
    const problem = error instanceof Unverifiable ? error : new Unverifiable(isArgError(error) ? 'usage' : 'failed', isArgError(error) ? `${(error as Error).message} — ${usage}` : `vérification impossible : ${String((error as Error)?.message ?? error)}`);
    const text = json ? JSON.stringify({ ok: false, error: { code: problem.code, message: problem.message } }) : `Journal NON VÉRIFIÉ : ${problem.message}`;
    return { exitCode: exitCodes.unverifiable, stdout: json ? `${text}\n` : '', stderr: json ? '' : `${text}\n` };
  }
}

function isArgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Checks the folder, then verifies its database read-only (no migration, no seed, no pragma writes). */
async function verifyDataDir(dataDir: string, options: { deep: boolean }): Promise<VerifyReport> {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new Unverifiable('no_data_dir', `le dossier ${dataDir} n’existe pas`);
  const file = join(dataDir, databaseFile);
  if (!existsSync(file)) throw new Unverifiable('no_database', `pas de base ${databaseFile} dans ${dataDir}`);
  if (!existsSync(join(dataDir, journalKeyFile))) throw new Unverifiable('no_key', `pas de clé ${journalKeyFile} dans ${dataDir} : sans elle la chaîne ne peut pas être vérifiée`);
  const key = loadJournalKey(dataDir);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = schemaVersion(db);
    if (version === 0) throw new Unverifiable('not_guichet', `${file} n’est pas une base Guichet (aucune migration appliquée)`);
    if (version > latestVersion) throw new Unverifiable('too_new', `la base est au schéma ${version}, ce vérificateur connaît le schéma ${latestVersion} : mettez Guichet à jour`);
  } finally {
    db.close();
  }
  return verifyJournalFile(file, () => key, options);
}

function verdict(report: VerifyReport): string {
  const heads = report.tills.map((t) => `caisse ${t.tillId} : ${t.entries} écritures, tête n° ${t.headSeq}, empreinte ${t.headHash}`).join(' ; ');
  if (report.ok) return `Journal intègre : ${report.entries} écritures vérifiées${heads ? ` — ${heads}` : ' (journal vide)'}`;
  const p = report.problem!;
  const where = [p.tillId && `caisse ${p.tillId}`, p.seq !== null && `n° ${p.seq}`, p.entryId && `écriture ${p.entryId}`].filter(Boolean).join(', ');
  const counted = p.seq === null ? `les ${report.entries} écritures de la chaîne sont intactes` : `${report.entries} écritures vérifiées avant elle`;
  return `Journal ALTÉRÉ : première écriture fautive — ${where || 'hors chaîne'} ; motif ${p.reason}, ${reasonFr[p.reason]} (${p.detail}) ; ${counted}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runVerifyJournal(process.argv.slice(2)).then((outcome) => {
    process.stdout.write(outcome.stdout);
    process.stderr.write(outcome.stderr);
    process.exitCode = outcome.exitCode;
  });
}
