import readline from 'node:readline';
import { UserStore } from '../lib/auth/users';
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

runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseCommandLine({ role: { type: 'string', default: 'reviewer' }, json: { type: 'boolean', default: false } }, rest);
  const email = positionals[0];
  if (!['add', 'remove', 'passwd'].includes(command ?? '') || !email) {
    throw new UsageError(
      'usage: npm run user:add -- <email> --role reviewer|admin | npm run user:remove -- <email> | npm run user:passwd -- <email>   (password prompted, or piped on stdin)',
    );
  }
  const db = openDatabase(getConfig().dataDir);
  const users = new UserStore(db);
  try {
    if (command === 'add') {
      if (values.role !== 'reviewer' && values.role !== 'admin') throw new UsageError('--role must be reviewer or admin');
      const password = await readPassword(`Password for ${email}: `);
      const user = users.create(email, values.role, password);
      say(`Added ${user.email} (${user.role}).`);
      if (values.json) printJson({ email: user.email, role: user.role });
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
