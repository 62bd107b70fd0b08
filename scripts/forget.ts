import { Assistant } from '../lib/answer/assistant';
import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { openServices } from '../lib/services';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values } = parseCommandLine({ conversation: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (!values.conversation) throw new UsageError('usage: npm run forget -- --conversation <id> [--json]');
  const services = await openServices(getConfig(), { embedThreads: 0 });
  const assistant = new Assistant(services, { chatModel: null });
  try {
    const report = assistant.forget(values.conversation);
    if (report.messages === 0 && report.answers_logged === 0 && report.escalations === 0) {
      say(`There is no conversation ${values.conversation}; nothing was removed.`);
    } else {
      say(
        `Removed conversation ${report.conversation}: ${report.messages} messages, ${report.answers_logged} answer log entries, ${report.escalations} escalations, ${report.feedback} ratings.` +
          (report.curated_kept
            ? ` ${report.curated_kept} curated answer(s) reviewed from it were kept, unlinked (delete them on the review page if they hold personal data).`
            : ''),
      );
    }
    if (values.json) printJson(report);
  } finally {
    assistant.close();
    await services.close();
  }
});
