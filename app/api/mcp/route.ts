import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { apiRoute } from '@/app/_server/api-handler';
import { createMcpServer } from '@/lib/api/mcp-server';

export const dynamic = 'force-dynamic';

/**
 * The MCP server over Streamable HTTP, stateless: each request gets its own server and transport
 * (nothing to keep between requests, so any process behind a load balancer can answer), with JSON
 * responses. The API key is checked on every request.
 */
const handle = apiRoute(async (request, { runtime, caller }) => {
  const server = createMcpServer(runtime.api, { caller: () => caller, log: runtime.log });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: runtime.config.api.maxBodyBytes,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
});

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
