import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { startApp } from '../../scripts/app-process';
import { askChat, signIn, waitUntil } from '../../scripts/chat-client';
import { auditIndex } from './verify-index';
import { filesUnder, peek, random, startScript, workspace, writeDocument } from './workspace';

const ADMIN = { email: 'drill@docent.example', password: 'drill password 123' };
// Sample-handbook questions: the last two escalate (they are not covered). The first is the one the restored Docent
// must answer: it scores 0.90 among the drill's generated documents, while the gloves answer, right too, scores 0.60
// there (0.80 over the handbook alone), just under the shipped threshold (0.605), and is escalated.
const QUESTIONS = [
  'How many vacation days do I get per year?',
  'What gloves are required in the kiln area?',
  'Can I bring my dog to the office on a Friday?',
  'What is the share price target for next year?',
];

interface Snapshot {
  documents: Map<string, string>;
  escalations: Map<string, string>;
}

/** What a data directory holds: documents of the serving generation and escalations, as comparable rows. */
function snapshot(dataDir: string): Snapshot {
  const read = (db: Database.Database) => {
    const serving = (db.prepare("select name from generations where state = 'serving'").get() as { name: string } | undefined)?.name;
    const documents = db.prepare('select id, path, status, chunk_count, content_hash from documents where generation = ?').all(serving ?? '') as {
      id: string;
      path: string;
      status: string;
      chunk_count: number;
      content_hash: string | null;
    }[];
    const escalations = db.prepare('select id, question, status from escalations').all() as { id: string; question: string; status: string }[];
    return {
      documents: new Map(documents.map((doc) => [doc.id, `${doc.path}|${doc.status}|${doc.chunk_count}|${doc.content_hash}`])),
      escalations: new Map(escalations.map((row) => [row.id, `${row.question}|${row.status}`])),
    };
  };
  const result = peek(dataDir, read);
  if (!result) throw new Error(`could not read the database in ${dataDir}`);
  return result;
}

function differences(a: Map<string, string>, b: Map<string, string>): number {
  let count = 0;
  for (const [key, value] of a) if (b.get(key) !== value) count += 1;
  for (const key of b.keys()) if (!a.has(key)) count += 1;
  return count;
}

/**
 * Backup drill: `npm run backup` while `npm start` ingests new files and answers chat (some
 * questions escalate), then `npm run restore` into an empty data directory. The restored Docent
 * must hold exactly what the backup holds, serve it (search answers, the review queue lists the
 * escalations), and catch up with the folder to an index that matches it file for file.
 */
export async function backupDrill(options: { documents: number; arriving: number; log?: (message: string) => void }) {
  const log = options.log ?? (() => undefined);
  const space = workspace('docent-backup-drill-');
  const backupDir = path.join(space.root, 'backup');
  const restoredData = path.join(space.root, 'restored');
  const next = random(99);
  const started = performance.now();
  const env = { DOCENT_ADMIN_EMAIL: ADMIN.email, DOCENT_ADMIN_PASSWORD: ADMIN.password };
  try {
    fs.cpSync(path.resolve('examples/handbook'), path.join(space.kb, 'handbook'), { recursive: true });
    for (let index = 0; index < options.documents; index += 1) await writeDocument(space.kb, index, 0, next);
    const app = await startApp({ dataDir: space.data, watchDir: space.kb, env });
    let backupRun: { code: number | null; json: { documents?: number } | null; seconds: number } | null = null;
    const load = { questions: 0, escalated: 0, errors: [] as string[], written: 0 };
    let running = true;
    let traffic: Promise<unknown> = Promise.resolve();
    try {
      await waitUntil(
        () =>
          (peek(space.data, (db) => (db.prepare("select count(*) as n from documents where status = 'indexed'").get() as { n: number }).n) ?? 0) >=
          options.documents + 7,
        300,
        'the first documents',
      );
      // The first answer loads the embedder in the web server; the drill wants steady traffic.
      await askChat(app.url, QUESTIONS[0]!);
      log(`${options.documents} documents indexed; starting chat and new files, then the backup`);
      const chat = Promise.all(
        [0, 1, 2, 3].map(async (user) => {
          for (let turn = 0; running; turn += 1) {
            try {
              const sample = await askChat(app.url, QUESTIONS[(user + turn) % QUESTIONS.length]!);
              load.questions += 1;
              if (sample.outcome === 'escalated') load.escalated += 1;
            } catch (error) {
              load.errors.push(error instanceof Error ? error.message : String(error));
            }
          }
        }),
      );
      const writer = (async () => {
        for (let index = options.documents; index < options.documents + options.arriving && running; index += 1) {
          await writeDocument(space.kb, index, 0, next);
          load.written += 1;
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      })();
      traffic = Promise.allSettled([chat, writer]);
      await waitUntil(() => load.escalated >= 2 && load.written >= 3, 120, 'escalations and new files before the backup');
      const backupStarted = performance.now();
      const backup = startScript('backup.ts', [backupDir, '--json'], { DOCENT_DATA_DIR: space.data });
      const code = await backup.exited;
      const last = backup.output().trim().split('\n').at(-1) ?? '';
      backupRun = { code, json: code === 0 ? JSON.parse(last) : null, seconds: (performance.now() - backupStarted) / 1000 };
      log(`backup exited ${code} after ${backupRun.seconds.toFixed(1)} s while ${load.questions} questions had been answered`);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      running = false;
      await Promise.all([chat, writer]);
      // Let the original finish what arrived, so the restored copy's catch-up has the same work.
      await waitUntil(
        () => peek(space.data, (db) => (db.prepare("select count(*) as n from jobs where queue = 'live'").get() as { n: number }).n === 0) === true,
        300,
        'the original to finish',
      );
    } finally {
      // On any failure too: the users and the writer must stop before the app and the folder go.
      running = false;
      await traffic;
      await app.stop();
    }
    if (!backupRun || backupRun.code !== 0) throw new Error(`npm run backup failed (exit ${backupRun?.code})`);
    const original = snapshot(space.data);
    const backedUp = snapshot(backupDir);

    const restore = startScript('restore.ts', [backupDir, '--json'], { DOCENT_DATA_DIR: restoredData });
    const restoreCode = await restore.exited;
    if (restoreCode !== 0) throw new Error(`npm run restore failed (exit ${restoreCode}): ${restore.output().slice(-1000)}`);
    const restored = snapshot(restoredData);
    // Backed-up escalations must all still exist in the original (nothing invented by the copy).
    const escalationsUnknownToOriginal = [...backedUp.escalations.keys()].filter((id) => !original.escalations.has(id)).length;

    // The restored Docent serves what it holds, then catches up with the folder.
    const restoredApp = await startApp({ dataDir: restoredData, watchDir: space.kb, env });
    let served: { escalations_listed: number; answered: boolean };
    try {
      const cookie = await signIn(restoredApp.url, ADMIN);
      const listed = (await (await fetch(`${restoredApp.url}/api/escalations?status=open&limit=500`, { headers: { cookie } })).json()) as {
        counts: Record<string, number>;
      };
      const answer = await askChat(restoredApp.url, QUESTIONS[0]!);
      served = { escalations_listed: Object.values(listed.counts).reduce((sum, count) => sum + count, 0), answered: answer.outcome === 'answered' };
      const files = filesUnder(space.kb).length;
      await waitUntil(
        () =>
          peek(restoredData, (db) => {
            const jobs = (db.prepare("select count(*) as n from jobs where queue = 'live'").get() as { n: number }).n;
            const indexed = (db.prepare("select count(*) as n from documents where status in ('indexed', 'duplicate')").get() as { n: number }).n;
            return jobs === 0 && indexed >= files;
          }) === true,
        300,
        'the restored Docent to catch up with the folder',
      );
    } finally {
      await restoredApp.stop();
    }
    const audit = await auditIndex(restoredData, fs.realpathSync(space.kb));
    return {
      fault: 'backup-drill',
      documents_before: options.documents,
      documents_arriving: load.written,
      chat_questions_during_drill: load.questions,
      chat_escalated_during_drill: load.escalated,
      chat_errors: load.errors.length,
      chat_error_samples: [...new Set(load.errors)].slice(0, 3),
      backup_s: Math.round(backupRun.seconds * 100) / 100,
      backup_manifest_documents: backupRun.json?.documents ?? null,
      backup_documents: [...backedUp.documents.values()].filter((row) => row.includes('|indexed|')).length,
      backup_escalations: backedUp.escalations.size,
      original_documents_after: [...original.documents.values()].filter((row) => row.includes('|indexed|')).length,
      original_escalations_after: original.escalations.size,
      restored_document_differences: differences(backedUp.documents, restored.documents),
      restored_escalation_differences: differences(backedUp.escalations, restored.escalations),
      escalations_unknown_to_original: escalationsUnknownToOriginal,
      restored_served_escalations: served.escalations_listed,
      restored_answered_question: served.answered,
      after_catch_up: audit,
      total_s: Math.round(performance.now() - started) / 1000,
    };
  } finally {
    space.remove();
  }
}
