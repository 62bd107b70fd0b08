import readline from 'node:readline';
import { ROLES, type Role, UserStore, normaliseGroups } from '../lib/auth/users';
import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import { parseCommandLine, printJson, runMain, say } from './cli';

/** A password from stdin when piped, or typed at a prompt (not echoed) on a terminal. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.split('\n')[0]!.trim();
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (text: string) => void; output: NodeJS.WriteStream };
  let muted = false;
  output._writeToOutput = (text: string) => {
    if (!muted) process.stderr.write(text);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer.trim());
    });
    muted = true;
  });
}

const USAGE = [
  'usage: npm run user:add -- <email> [--role asker|reviewer|admin] [--groups a,b]   (role defaults to reviewer)',
  '       npm run user:groups -- <email> --groups a,b   (replaces the groups; --groups "" clears them)',
  '       npm run user:remove -- <email>',
  '       npm run user:passwd -- <email>',
  '  Passwords are prompted, or piped on stdin. --json prints the result as JSON.',
].join('\n');

/** "hr, Finance,,hr" as a list of names; the store normalises and validates them. */
const splitGroups = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseCommandLine(
    { role: { type: 'string', default: 'reviewer' }, groups: { type: 'string' }, json: { type: 'boolean', default: false } },
    rest,
  );
  const email = positionals[0];
  if (!['add', 'remove', 'passwd', 'groups'].includes(command ?? '') || !email) throw new UsageError(USAGE);
  if (command === 'groups' && values.groups === undefined) throw new UsageError(`--groups is required.\n${USAGE}`);
  const db = openDatabase(getConfig().dataDir);
  const users = new UserStore(db);
  try {
    if (command === 'add') {
      if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      // Checked before the prompt, so a typo does not cost a typed password.
      const groups = normaliseGroups(splitGroups(values.groups));
      const password = await readPassword(`Password for ${email}: `);
      const user = users.create(email, values.role as Role, password, groups);
      say(`Added ${user.email} (${user.role}${user.groups.length ? `; groups ${user.groups.join(', ')}` : ''}).`);
      if (values.json) printJson({ email: user.email, role: user.role, groups: user.groups });
    } else if (command === 'groups') {
      const user = users.setGroups(email, splitGroups(values.groups));
      if (!user) throw new UsageError(`There is no user ${email}.`);
      say(user.groups.length ? `${user.email} is now in ${user.groups.join(', ')}.` : `${user.email} is now in no group.`);
      if (values.json) printJson({ email: user.email, role: user.role, groups: user.groups });
    } else if (command === 'remove') {
      if (!users.remove(email)) throw new UsageError(`There is no user ${email}.`);
      say(`Removed ${email}.`);
      if (values.json) printJson({ removed: email });
    } else {
      if (!users.byEmail(email)) throw new UsageError(`There is no user ${email}.`);
      users.setPassword(email, await readPassword(`New password for ${email}: `));
      say(`Changed the password of ${email}; their open sessions have ended.`);
      if (values.json) printJson({ email });
    }
  } finally {
    db.close();
  }
});
