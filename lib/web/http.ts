import { z } from 'zod';
import { DocentError, InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, describeError } from '../errors';

// Route handlers stay thin: they parse with zod, call lib/, and let errors reach toResponse, the one
// place errors become responses. Clients get a status and a clear JSON error, never a stack trace.

function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status, headers });
}

/** Maps any thrown value to a response; Docent's own failures and unexpected ones are logged and reported as 500 without details. */
export function toResponse(error: unknown, log: (message: string) => void = console.error): Response {
  if (error instanceof z.ZodError) {
    return errorResponse(
      400,
      'invalid_request',
      'The request is not valid.',
      {},
      error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  if (DocentError.isInstance(error) && error.status !== 500) return errorResponse(error.status, error.code, error.message, error.headers);
  log(`docent: unexpected error in a request: ${describeError(error)}\n${(error as Error)?.stack ?? ''}`);
  return errorResponse(500, 'internal_error', 'Something went wrong on the server; it has been logged.');
}

/** Reads a JSON body within the size limit and validates it. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) throw new UnsupportedMediaTypeError('Send the body as application/json.');
  let text = '';
  const reader = request.body?.getReader();
  if (reader) {
    const decoder = new TextDecoder();
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel();
        throw new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('invalid_json', 'The request body is not valid JSON.');
  }
  return schema.parse(parsed);
}

/**
 * The client address for rate limits and the metrics guard: the last x-forwarded-for entry, which
 * the Next.js server appends from the socket (earlier entries are whatever the client claimed).
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || 'local';
}

export function isLoopback(address: string): boolean {
  return address === 'local' || address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || address === 'localhost';
}
