import { runReindexCommand } from '../ingest/reindex-command';
import { onInterrupt, printJson, progressBar, runMain, say } from './cli';

// `npm run reindex [-- --rollback | --force | --dry-run] [--json]` (ingest/reindex-command.ts).
runMain(() => runReindexCommand(process.argv.slice(2), { say, printJson, progressBar, onInterrupt }));
