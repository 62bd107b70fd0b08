import { type ApiKeyInfo, ApiKeyStore, apiKeyJson } from '../lib/api/api-key-store';
import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import { parseCommandLine, printJson, runMain, say } from './cli';

const USAGE = [
  'usage: npm run api-key -- create --user <email> [--name <label>] [--rate <requests per minute>] [--json]',
  '       npm run api-key -- list [--json]',
  '       npm run api-key -- revoke <id> [--json]',
  '  A key answers as its user, so it reads what that user may read. It is shown once; Docent keeps only its hash.',
].join('\n');

const when = (seconds: number | null) => (seconds === null ? 'never' : new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' '));

function describe(info: ApiKeyInfo): string {
  const state = info.revokedAt === null ? `last used ${when(info.lastUsedAt)}` : `revoked ${when(info.revokedAt)}`;
  const rate = info.ratePerMinute === null ? '' : `, ${info.ratePerMinute}/min`;
  return `${info.id}  ${info.prefix}…  ${info.email}  "${info.name}"${rate}  created ${when(info.createdAt)}, ${state}`;
}

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseCommandLine(
    { user: { type: 'string' }, name: { type: 'string' }, rate: { type: 'string' }, json: { type: 'boolean', default: false } },
    rest,
  );
  if (!['create', 'list', 'revoke'].includes(command ?? '')) throw new UsageError(USAGE);
  if (command === 'create' && !values.user) throw new UsageError(`--user is required.\n${USAGE}`);
  if (command === 'revoke' && positionals.length !== 1) throw new UsageError(`Name the key to revoke by its id.\n${USAGE}`);
  const rate = values.rate === undefined ? null : Number(values.rate);
  if (rate !== null && !Number.isInteger(rate)) throw new UsageError('--rate is a whole number of requests per minute.');
  const db = openDatabase(getConfig().dataDir);
  const keys = new ApiKeyStore(db);
  try {
    if (command === 'create') {
      const { key, info } = keys.create({ email: values.user!, name: values.name, ratePerMinute: rate, createdBy: 'cli' });
      say(`Created API key ${info.id} for ${info.email}. Copy it now; it is not shown again:\n\n  ${key}\n`);
      if (values.json) printJson({ key, ...apiKeyJson(info) });
    } else if (command === 'list') {
      const list = keys.list();
      say(list.length ? list.map(describe).join('\n') : 'No API keys yet: npm run api-key -- create --user <email>');
      if (values.json) printJson({ keys: list.map(apiKeyJson) });
    } else {
      const info = keys.revoke(positionals[0]!);
      say(`Revoked ${info.id} (${info.email}, "${info.name}"); requests with it now get 401.`);
      if (values.json) printJson({ revoked: apiKeyJson(info) });
    }
  } finally {
    db.close();
  }
});
