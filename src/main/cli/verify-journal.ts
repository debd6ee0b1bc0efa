// `npm run verify-journal -- --data-dir DIR [--json] [--quick] [--z-head SEQ:HASH]…
// [--server URL | --head-file FILE] [--till ID]`: checks a till's journal chain (C12)
// without writing to it, then its end against heads kept outside the data folder: the head
// printed on a Z report (typed from the paper) and the head the ledger server acknowledged
// (asked with the administrator's key, GUICHET_ADMIN_KEY or --admin-key, or read from a file
// the server exported). Exit 0: the journal verifies; 1: it does not (the first bad entry
// is named); 2: it could not be verified (no folder, no database, no key, a wrong key, the
// server not reachable). The checks themselves live in verifyJournal (run over every core by
// verifyJournalFile) and anchors.ts; this file only checks the folder, calls and reports.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { latestVersion, schemaVersion } from '../kernel/db/migrations/index.ts';
import { TillHead } from '../../shared/api/sync-schemas.ts';
import { journalKeyFile, loadJournalKey } from '../kernel/ledger/keys.ts';
import { anchorProblem, parseAnchor, serverHeadProblem, type JournalAnchor } from '../kernel/ledger/anchors.ts';
import { verifyJournalFile } from '../kernel/ledger/verify-file.ts';
import type { VerifyProblem, VerifyProblemReason, VerifyReport } from '../kernel/ledger/verify.ts';

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
  wrong_key: 'mauvaise clé : la première écriture ne se vérifie pas du tout avec cette clé (celle d’une autre caisse ou installation) — ce n’est pas une altération',
  format_mismatch: 'écriture au format HMAC après la marque de signature, ou signée avant elle (réécrite hors de la caisse)',
  signature_invalid: 'signature invalide (écriture modifiée, ou signée par une autre clé que celle de la caisse)',
  behind_anchor: 'journal plus court que la tête imprimée ou reçue par le serveur (écritures supprimées à la fin)',
  anchor_mismatch: 'écriture différente de la tête imprimée ou reçue par le serveur (historique réécrit et signé à nouveau)',
  key_mismatch: 'clés de signature différentes de celles enregistrées par le serveur',
};

const usage = 'usage : npm run verify-journal -- --data-dir DOSSIER [--json] [--quick] [--z-head N°:EMPREINTE]… [--server URL [--admin-key CLÉ] | --head-file FICHIER] [--till ID]';

interface AnchorOptions {
  zHeads: { seq: number; hash: string }[];
  server: string | null;
  adminKey: string | null;
  headFile: string | null;
  tillId: string | null;
}

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
        // the head a Z report or receipt printed: "57:3f9a1c0b7e2d4a61" (at least 8 digits)
        'z-head': { type: 'string', multiple: true },
        // the ledger server's acknowledged head and keys, asked live or read from its export
        server: { type: 'string' },
        'admin-key': { type: 'string' },
        'head-file': { type: 'string' },
        till: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    json = values.json ?? false;
    if (values.help) return { exitCode: exitCodes.verified, stdout: `${usage}\n`, stderr: '' };
    const dataDir = values['data-dir'] ?? env.GUICHET_DATA_DIR;
    if (!dataDir) throw new Unverifiable('usage', `aucun dossier de données : ${usage}`);
    const zHeads = (values['z-head'] ?? []).map((text) => parseAnchor(text) ?? usageError(`--z-head ${text} : attendu N°:EMPREINTE (au moins 8 chiffres hexadécimaux)`));
    if (values.server && values['head-file']) usageError('--server et --head-file ensemble : choisissez l’un des deux');
    const anchors: AnchorOptions = { zHeads, server: values.server ?? null, adminKey: values['admin-key'] ?? env.GUICHET_ADMIN_KEY ?? null, headFile: values['head-file'] ?? null, tillId: values.till ?? null };
    const report = await verifyDataDir(resolve(dataDir), { deep: !values.quick }, anchors);
    const isWrongKey = report.problem?.reason === 'wrong_key';
    return {
      exitCode: report.ok ? exitCodes.verified : isWrongKey ? exitCodes.unverifiable : exitCodes.tampered,
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

function usageError(message: string): never {
  throw new Unverifiable('usage', `${message} — ${usage}`);
}

/** Checks the folder, then verifies its database read-only (no migration, no seed, no pragma writes), then its end. */
async function verifyDataDir(dataDir: string, options: { deep: boolean }, anchors: AnchorOptions): Promise<VerifyReport> {
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
  const serverHead = await serverHeadOf(anchors, () => tillIdOf(file, anchors.tillId));
  const report = await verifyJournalFile(file, () => key, options);
  if (!report.ok) return report;
  const problem = anchorsProblem(file, anchors, serverHead);
  return problem ? { ...report, ok: false, problem } : report;
}

/** The till the heads are of: --till, else the till the data folder belongs to. */
function tillIdOf(file: string, given: string | null): string {
  if (given) return given;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'this_till_id'").get() as { value: string } | undefined;
    if (!row) throw new Unverifiable('no_till', 'la base ne dit pas de quelle caisse elle est : indiquez --till');
    return row.value;
  } finally {
    db.close();
  }
}

/** The paper heads first (what the auditor holds), then the server's keys and head. */
function anchorsProblem(file: string, anchors: AnchorOptions, serverHead: TillHead | null): VerifyProblem | null {
  if (anchors.zHeads.length === 0 && !serverHead) return null;
  const tillId = serverHead?.tillId ?? tillIdOf(file, anchors.tillId);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (const z of anchors.zHeads) {
      const anchor: JournalAnchor = { source: 'z_report', ...z };
      const problem = anchorProblem(db, tillId, anchor);
      if (problem) return problem;
    }
    return serverHead ? serverHeadProblem(db, serverHead) : null;
  } finally {
    db.close();
  }
}

/** The server's head of the till: asked with the administrator's key, or read from the file it exported. */
async function serverHeadOf(anchors: AnchorOptions, tillId: () => string): Promise<TillHead | null> {
  if (anchors.headFile) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(anchors.headFile, 'utf8'));
    } catch (error) {
      throw new Unverifiable('head_file_unreadable', `fichier de tête ${anchors.headFile} illisible : ${(error as Error).message}`);
    }
    const parsed = TillHead.safeParse((raw as { value?: unknown } | null)?.value ?? raw);
    if (!parsed.success) throw new Unverifiable('head_file_unreadable', `${anchors.headFile} n’est pas une tête exportée par le serveur (GET /v1/admin/tills/ID/head)`);
    return parsed.data;
  }
  if (!anchors.server) return null;
  if (!anchors.adminKey) throw new Unverifiable('usage', `--server demande la clé d’administrateur du serveur (GUICHET_ADMIN_KEY ou --admin-key) — ${usage}`);
  const url = new URL(`/v1/admin/tills/${encodeURIComponent(tillId())}/head`, anchors.server);
  let body: { ok?: boolean; value?: unknown; error?: { message?: string } };
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${anchors.adminKey}`, accept: 'application/json', 'accept-language': 'fr' }, signal: AbortSignal.timeout(15_000) });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new Unverifiable('server_unreachable', `serveur ${anchors.server} injoignable : ${(error as Error).message}`);
  }
  if (!body.ok) throw new Unverifiable('server_refused', `le serveur refuse de donner la tête : ${body.error?.message ?? 'réponse illisible'}`);
  const parsed = TillHead.safeParse(body.value);
  if (!parsed.success) throw new Unverifiable('server_refused', 'le serveur a répondu une tête illisible');
  return parsed.data;
}

function verdict(report: VerifyReport): string {
  const heads = report.tills.map((t) => `caisse ${t.tillId} : ${t.entries} écritures, tête n° ${t.headSeq}, empreinte ${t.headHash}`).join(' ; ');
  // a replacement machine's journal: the entries it restored verify as any other; the rows beside them were rebuilt from them (ADR 0011)
  const restored = report.restored.map((r) => ` ; caisse ${r.tillId} : écritures n° ${r.fromSeq} à ${r.toSeq} restaurées depuis le serveur central le ${new Date(r.restoredAtMs).toISOString()} (lignes reconstruites d’après les écritures)`).join('');
  if (report.ok) return `Journal intègre : ${report.entries} écritures vérifiées${heads ? ` — ${heads}` : ' (journal vide)'}${restored}${unsealedText(report)}`;
  const p = report.problem!;
  if (p.reason === 'wrong_key') return `Journal NON VÉRIFIÉ : ${reasonFr.wrong_key} (${p.detail})`;
  const where = [p.tillId && `caisse ${p.tillId}`, p.seq !== null && `n° ${p.seq}`, p.entryId && `écriture ${p.entryId}`].filter(Boolean).join(', ');
  const counted = p.seq === null ? `les ${report.entries} écritures de la chaîne sont intactes` : `${report.entries} écritures vérifiées avant elle`;
  return `Journal ALTÉRÉ : première écriture fautive — ${where || 'hors chaîne'} ; motif ${p.reason}, ${reasonFr[p.reason]} (${p.detail}) ; ${counted}`;
}

/**
 * The tails no seal vouches for yet (ADR 0015): chained and verified, not signed — a kill -9
 * between a write and its seal leaves one; the till seals it at its next start. Not an error.
 */
function unsealedText(report: VerifyReport): string {
  return report.unsealed
    .map((u) => {
      const seqs = u.count === 1 ? `n° ${u.fromSeq}` : `n° ${u.fromSeq} à ${u.toSeq}`;
      return ` ; caisse ${u.tillId} : ${u.count} écriture${u.count === 1 ? '' : 's'} non scellée${u.count === 1 ? '' : 's'} (${seqs}), chaînée${u.count === 1 ? '' : 's'} et vérifiée${u.count === 1 ? '' : 's'}, pas encore signée${u.count === 1 ? '' : 's'} — la caisse ${u.count === 1 ? 'la' : 'les'} scelle à son prochain démarrage (${u.count} unsealed: ${u.fromSeq}–${u.toSeq})`;
    })
    .join('');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runVerifyJournal(process.argv.slice(2)).then((outcome) => {
    process.stdout.write(outcome.stdout);
    process.stderr.write(outcome.stderr);
    process.exitCode = outcome.exitCode;
  });
}
