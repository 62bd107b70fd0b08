import os from 'node:os';
import path from 'node:path';
import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import type { Space } from '../lib/spaces/access';
import { parsePrincipals } from '../lib/spaces/principals';
import { type SpaceChanges, SpaceStore, spaceJson } from '../lib/spaces/space-store';
import { parseCommandLine, printJson, runMain, say } from './cli';

const USAGE = [
  'usage: npm run space -- add <name> --folder <path relative to a watched root> [--root <watched root>] [--readers user:<email>,group:<name>,…] [--owners …] [--contributors …] [--public] [--webhook <url>]',
  '       npm run space -- set <name> [--readers …|--inherit-readers] [--owners …] [--contributors …|--no-contributors] [--public|--private] [--webhook <url>|--no-webhook]',
  '       npm run space -- list [--json]',
  '       npm run space -- remove <name>',
  '       npm run space -- audit [--json]',
].join('\n');

function describe(space: Space): string {
  const where = `${space.root ? `${space.root}/` : ''}${space.folder || '(every watched root)'}`;
  if (space.removed) return `${space.name}  ${where}  removed: admins only until a space grants it again`;
  const readers = space.readers === null ? 'inherited' : space.readers.join(', ') || 'nobody';
  const owners = space.owners?.length ? space.owners.join(', ') : 'inherited (reviewers and admins when nobody owns it)';
  const contributors = space.contributors?.length ? space.contributors.join(', ') : 'admins only';
  return `${space.name}  ${where}  ${space.public ? 'public, ' : ''}readers: ${readers}; owners: ${owners}; contributors: ${contributors}${space.webhookUrl ? `; alerts to ${space.webhookUrl}` : ''}`;
}

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseCommandLine(
    {
      folder: { type: 'string' },
      root: { type: 'string' },
      readers: { type: 'string' },
      owners: { type: 'string' },
      contributors: { type: 'string' },
      'no-contributors': { type: 'boolean', default: false },
      public: { type: 'boolean' },
      private: { type: 'boolean' },
      'inherit-readers': { type: 'boolean', default: false },
      webhook: { type: 'string' },
      'no-webhook': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    rest,
  );
  const name = positionals[0];
  // Changes are audited under the operating-system account that ran the command.
  const actor = `cli:${os.userInfo().username}`;
  const db = openDatabase(getConfig().dataDir);
  const store = new SpaceStore(db);
  try {
    if (command === 'list') {
      const spaces = store.list();
      for (const space of spaces) say(describe(space));
      if (values.json) printJson({ spaces: spaces.map(spaceJson) });
      return 0;
    }
    if (command === 'audit') {
      const trail = store.auditTrail();
      for (const entry of trail) say(`${new Date(entry.createdAt * 1000).toISOString()}  ${entry.actor}  ${entry.action} ${entry.space}`);
      if (values.json) printJson({ audit: trail });
      return 0;
    }
    if (!name || !['add', 'set', 'remove'].includes(command ?? '')) throw new UsageError(USAGE);
    if (values.public && values.private) throw new UsageError('Choose --public or --private, not both.');
    const changes: SpaceChanges = {
      readers: values['inherit-readers'] ? null : values.readers !== undefined ? parsePrincipals(values.readers) : undefined,
      owners: values.owners !== undefined ? parsePrincipals(values.owners) : undefined,
      contributors: values['no-contributors'] ? null : values.contributors !== undefined ? parsePrincipals(values.contributors) : undefined,
      public: values.public ? true : values.private ? false : undefined,
      webhookUrl: values['no-webhook'] ? null : values.webhook,
    };
    let space: Space;
    if (command === 'add') {
      if (values.folder === undefined) throw new UsageError(`add needs --folder.\n${USAGE}`);
      space = store.add({ name, root: values.root ? path.resolve(values.root) : null, folder: values.folder, ...changes }, actor);
      say(`Added the space ${describe(space)}`);
    } else if (command === 'set') {
      space = store.set(name, changes, actor);
      say(`Changed the space ${describe(space)}`);
    } else {
      space = store.remove(name, actor);
      say(`Removed the space ${space.name}: its folder is now readable by admins only, until a new space grants it.`);
    }
    if (values.json) printJson({ space: spaceJson(space) });
    return 0;
  } finally {
    db.close();
  }
});
