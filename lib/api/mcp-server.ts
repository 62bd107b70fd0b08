import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DocentError, describeError } from '../errors';
import { type ApiCaller, type DocentApi, MODEL } from './docent-api';
import { docentExtension } from './chat-completions';
import { MAX_QUESTION_CHARS } from './openai-request';

// The MCP server: the same answers, search and documents as the OpenAI-compatible API (DocentApi),
// as tools for agents and IDEs. One server per stdio process, or per HTTP request (stateless).

export const MCP_TOOLS = ['search_documents', 'ask', 'get_document'] as const;
const FILE_TYPES = ['pdf', 'docx', 'html', 'markdown', 'text'] as const;
const DEFAULT_DOCUMENT_CHARS = 50_000;

export interface McpOptions {
  /** The caller of each tool call: an HTTP request's, or the stdio process's key checked again (revoked keys stop working). */
  caller: () => ApiCaller;
  log: (message: string) => void;
}

// The version of these tools' interface (names, arguments, results), which clients may show.
const TOOLS_VERSION = '1.0.0';

/** A tool's result as JSON text (every client reads it) and as structured content. */
function result(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/** Runs a tool: the client's mistakes reach it with their message; Docent's own failures are logged and say nothing more. */
async function run(log: (message: string) => void, body: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return result(await body());
  } catch (error) {
    if (DocentError.isInstance(error) && error.status < 500) throw error;
    log(`docent: an MCP tool failed: ${describeError(error)}\n${(error as Error)?.stack ?? ''}`);
    throw new DocentError('internal_error', 'Something went wrong on the server; it has been logged.', { cause: error });
  }
}

const spaceModel = (space: string | undefined) => (space ? `${MODEL}/${space}` : MODEL);

export function createMcpServer(api: DocentApi, options: McpOptions): McpServer {
  const server = new McpServer({ name: 'docent', version: TOOLS_VERSION }, { capabilities: { tools: {} } });
  const { caller, log } = options;

  server.registerTool(
    'search_documents',
    {
      title: 'Search documents',
      description:
        "Hybrid search over the organisation's documents that this key's user may read. Returns the best passages with their document id, path, page, heading and a link to the source viewer.",
      inputSchema: {
        query: z.string().trim().min(1).max(MAX_QUESTION_CHARS).describe('What to look for, in words.'),
        k: z.number().int().min(1).max(50).default(8).describe('How many passages (1 to 50).'),
        filters: z
          .object({
            space: z.string().max(200).optional().describe('Only this space (GET /v1/models lists them as docent/<space>).'),
            path_prefix: z.string().max(500).optional().describe('Only documents under this folder, e.g. "policies/".'),
            file_types: z.array(z.enum(FILE_TYPES)).max(5).optional(),
            tags: z.array(z.string().max(200)).max(20).optional().describe('Only documents in these top-level folders.'),
          })
          .strict()
          .optional(),
      },
    },
    ({ query, k, filters }) =>
      run(log, async () => {
        const passages = await api.search(caller(), {
          query,
          k,
          model: spaceModel(filters?.space),
          filter: { pathPrefix: filters?.path_prefix, fileTypes: filters?.file_types, tags: filters?.tags },
        });
        return { passages };
      }),
  );

  server.registerTool(
    'ask',
    {
      title: 'Ask Docent',
      description:
        'Asks a question the way the Docent chat does: an answer from the documents with numbered citations and a confidence, or, when no reliable answer exists, an escalation: the question goes to a person, whose reviewed answer appears at conversation_url.',
      inputSchema: {
        question: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
        conversation_id: z.uuid().optional().describe('Continue this conversation (from an earlier answer), so that follow-ups are understood.'),
        space: z.string().max(200).optional().describe('Answer only from this space.'),
      },
    },
    ({ question, conversation_id, space }) =>
      run(log, async () => {
        const who = caller();
        const answer = await api.answer(who, { question, conversationId: conversation_id ?? null, model: spaceModel(space) });
        const details = docentExtension(answer.outcome, answer.confidence, who.origin);
        const escalated = answer.outcome.outcome === 'escalated';
        return {
          outcome: details.outcome,
          answer: answer.text,
          confidence: details.confidence,
          citations: details.citations,
          conversation_id: details.conversation_id,
          conversation_url: details.conversation_url,
          escalation: escalated ? { id: details.escalation_id, reason: details.reason, message: answer.outcome.text, url: details.conversation_url } : null,
        };
      }),
  );

  server.registerTool(
    'get_document',
    {
      title: 'Get a document',
      description:
        "A document's indexed text by its id (doc_id from search_documents or a citation), if this key's user may read it; long documents come in pages of max_chars.",
      inputSchema: {
        id: z.string().regex(/^[0-9a-f]{32}$/, 'a document id is 32 hexadecimal characters'),
        offset: z.number().int().min(0).default(0),
        max_chars: z.number().int().min(1).max(500_000).default(DEFAULT_DOCUMENT_CHARS),
      },
    },
    ({ id, offset, max_chars }) =>
      run(log, async () => {
        const view = await api.document(caller(), id);
        const end = Math.min(view.text.length, offset + max_chars);
        return {
          id: view.id,
          path: view.path,
          title: view.title,
          file_type: view.fileType,
          url: view.url,
          total_chars: view.text.length,
          offset,
          next_offset: end < view.text.length ? end : null,
          text: view.text.slice(offset, end),
        };
      }),
  );
  return server;
}
