import fs from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Assistant } from '../lib/answer/assistant';
import { DocentApi } from '../lib/api/docent-api';
import { createMcpServer } from '../lib/api/mcp-server';
import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { openServices } from '../lib/services';
import { parseCommandLine, runMain, say } from './cli';

// `npm run mcp`: Docent's MCP server on stdin/stdout for Claude Desktop, Cursor and other MCP
// clients, answering as the user of an API key, on this machine's data directory.

const USAGE = 'usage: DOCENT_API_KEY=<key> npm run mcp   (or npm run mcp -- --key <key>; create a key with npm run api-key -- create --user <email>)';

runMain(async () => {
  const { values } = parseCommandLine({ key: { type: 'string' } });
  const config = getConfig();
  const key = values.key ?? config.api.key;
  if (!key) throw new UsageError(USAGE);
  // stdout carries the protocol alone: anything else printing there (a library's greeting) would
  // break it, so the protocol gets its own stream on the descriptor and the rest goes to stderr.
  const protocolOut = fs.createWriteStream('', { fd: 1 });
  process.stdout.write = process.stderr.write.bind(process.stderr);
  const services = await openServices(config, { embedThreads: 0 });
  const assistant = new Assistant(services, { log: say });
  const api = new DocentApi(assistant);
  // A wrong key fails here, at once, rather than at the first tool call.
  const caller = api.authenticate(key);
  const server = createMcpServer(api, { caller: () => api.authenticate(key), log: say });
  const transport = new StdioServerTransport(process.stdin, protocolOut);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  say(`Docent MCP server on stdio, answering as ${caller.user.email} (tools: search_documents, ask, get_document).`);
  await closed;
  await server.close();
  assistant.close();
  await services.close();
});
