import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// Checks HTTP requests (and the double's responses) against Qdrant 1.19's published OpenAPI 3.0
// schema, so tests against the local double also prove that real Qdrant would accept what the
// adapter sends. Only the schema's own rules apply: unknown properties are problems exactly where
// it says `additionalProperties: false` (Filter, payload selectors), nowhere else.

export const OPENAPI_PATH = path.resolve(import.meta.dirname, '../../../shared/qdrant/openapi.json');

export interface QdrantRequest {
  method: string;
  /** Path as sent, e.g. `/collections/docs/points/query` (a `?query` suffix is tolerated). */
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
}

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface MatchedOperation {
  template: string;
  method: string;
  operation: Operation;
  pathParameters: Record<string, string>;
}

const SCHEMA_BASE = 'https://qdrant.openapi.local/schemas/';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const MAX_PROBLEMS_PER_PART = 6;

/**
 * OpenAPI 3.0 → JSON Schema for ajv. `{nullable: true}` on its own (Qdrant's encoding of
 * `Option<T>` as `anyOf: [T, {nullable: true}]`) means "or null"; left as is, ajv would either
 * refuse it or treat it as "anything", which would switch off validation of every optional field.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out[key] = SCHEMA_BASE + value.slice('#/components/schemas/'.length);
    } else if (key !== 'nullable') {
      out[key] = toJsonSchema(value);
    }
  }
  if ((node as Schema).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.type === undefined && Object.keys(out).every((key) => ['description', 'default', 'example', 'deprecated'].includes(key))) out.type = 'null';
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const F32_MAX = 3.4028234663852886e38;
const unsigned = (max: number) => (value: number) => Number.isInteger(value) && value >= 0 && value <= max;

function createAjv(document: OpenApiDocument, options: { coerceTypes: boolean }): Ajv {
  const ajv = new Ajv({
    strict: true,
    // The schema mixes `type` with anyOf/oneOf branches and optional `required`: legal, just not "strict".
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: true,
    coerceTypes: options.coerceTypes,
    validateFormats: true,
  });
  ajv.addKeyword({ keyword: 'example', schemaType: ['object', 'array', 'string', 'number', 'boolean', 'null'] });
  addFormats(ajv, ['uuid', 'uri', 'date-time', 'int64', 'binary']);
  ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) && Math.abs(value) <= F32_MAX });
  ajv.addFormat('double', { type: 'number', validate: (value: number) => Number.isFinite(value) });
  ajv.addFormat('uint8', { type: 'number', validate: unsigned(255) });
  ajv.addFormat('uint32', { type: 'number', validate: unsigned(0xffff_ffff) });
  // JSON numbers above 2^53 lose precision anyway; range beyond that is not checkable here.
  ajv.addFormat('uint64', { type: 'number', validate: unsigned(Number.MAX_VALUE) });
  ajv.addFormat('uint', { type: 'number', validate: unsigned(Number.MAX_VALUE) });
  // Qdrant's snapshot timestamps: an RFC 3339 date-time without the offset.
  ajv.addFormat('partial-date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?$/);
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    ajv.addSchema({ ...(toJsonSchema(schema) as Schema), $id: SCHEMA_BASE + name });
  }
  return ajv;
}

class QdrantContract {
  private readonly bodyAjv: Ajv;
  private readonly parameterAjv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.bodyAjv = createAjv(document, { coerceTypes: false });
    // Path and query values arrive as strings: `wait=true` is a boolean, `timeout=5` an integer.
    this.parameterAjv = createAjv(document, { coerceTypes: true });
  }

  /** The operation for a method and concrete path; literal segments win over `{templates}`. */
  match(method: string, requestPath: string): { matched: MatchedOperation } | { problem: string } {
    const segments = requestPath.split('/').filter(Boolean).map(safeDecode);
    let best: (MatchedOperation & { literals: number }) | null = null;
    let pathExists = false;
    for (const [template, item] of Object.entries(this.document.paths)) {
      const parts = template.split('/').filter(Boolean);
      if (parts.length !== segments.length) continue;
      const pathParameters: Record<string, string> = {};
      let literals = 0;
      const fits = parts.every((part, index) => {
        const placeholder = /^\{(.+)\}$/.exec(part);
        if (placeholder) {
          pathParameters[placeholder[1]!] = segments[index]!;
          return true;
        }
        literals += 1;
        return part === segments[index];
      });
      if (!fits) continue;
      pathExists = true;
      const operation = item[method.toLowerCase()];
      if (!operation || !HTTP_METHODS.includes(method.toLowerCase())) continue;
      if (!best || literals > best.literals) best = { template, method: method.toUpperCase(), operation, pathParameters, literals };
    }
    if (best) return { matched: best };
    return {
      problem: pathExists ? `${method.toUpperCase()} is not an operation of ${requestPath} in Qdrant's API` : `${requestPath} is not a path of Qdrant's API`,
    };
  }

  validateRequest(request: QdrantRequest): string[] {
    const [rawPath, rawQuery] = request.path.split('?', 2) as [string, string | undefined];
    const query = { ...parseQuery(rawQuery), ...(request.query ?? {}) };
    const found = this.match(request.method, rawPath);
    if ('problem' in found) return [`${request.method.toUpperCase()} ${request.path}: ${found.problem}`];
    const { matched } = found;
    const label = `${matched.method} ${matched.template} (${matched.operation.operationId ?? 'operation'})`;
    return [...this.checkPathParameters(matched), ...this.checkQuery(matched, query), ...this.checkBody(matched, request.body)].map(
      (problem) => `${label}: ${problem}`,
    );
  }

  validateResponse(request: QdrantRequest, status: number, body: unknown): string[] {
    const found = this.match(request.method, request.path.split('?', 1)[0]!);
    if ('problem' in found) return [found.problem];
    const { matched } = found;
    const responses = matched.operation.responses ?? {};
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) return response ? [] : [`HTTP ${status} is not a documented response`];
    const validate = this.compile(this.bodyAjv, `response ${matched.method} ${matched.template} ${status}`, schema);
    return validate(body) ? [] : describeErrors('response', validate.errors).map((problem) => `${matched.method} ${matched.template} → ${status}: ${problem}`);
  }

  private checkPathParameters(matched: MatchedOperation): string[] {
    const problems: string[] = [];
    for (const [name, value] of Object.entries(matched.pathParameters)) {
      const parameter = matched.operation.parameters?.find((item) => item.in === 'path' && item.name === name);
      if (!parameter) problems.push(`path parameter {${name}} is not declared`);
      else if (value === '') problems.push(`path parameter {${name}} is empty`);
      else problems.push(...this.checkParameterValue(parameter, value, 'path'));
    }
    return problems;
  }

  private checkQuery(matched: MatchedOperation, query: Record<string, string | string[]>): string[] {
    const declared = (matched.operation.parameters ?? []).filter((item) => item.in === 'query');
    const problems: string[] = [];
    for (const [name, raw] of Object.entries(query)) {
      const parameter = declared.find((item) => item.name === name);
      const values = Array.isArray(raw) ? raw : [raw];
      if (!parameter) problems.push(`unknown query parameter "${name}" (known: ${declared.map((item) => item.name).join(', ') || 'none'})`);
      else if (values.length > 1) problems.push(`query parameter "${name}" given ${values.length} times`);
      else problems.push(...this.checkParameterValue(parameter, values[0]!, 'query'));
    }
    for (const parameter of declared) {
      if (parameter.required && !(parameter.name in query)) problems.push(`missing required query parameter "${parameter.name}"`);
    }
    return problems;
  }

  private checkParameterValue(parameter: Parameter, value: string, where: string): string[] {
    if (!parameter.schema) return [];
    const validate = this.compile(this.parameterAjv, `parameter ${where} ${parameter.name} ${JSON.stringify(parameter.schema)}`, {
      type: 'object',
      properties: { value: parameter.schema },
    });
    if (validate({ value })) return [];
    const errors = (validate.errors ?? []).map((error) => ({ ...error, instancePath: error.instancePath.replace(/^\/value/, '') }));
    return describeErrors(`${where} parameter "${parameter.name}"=${JSON.stringify(value)}`, errors);
  }

  private checkBody(matched: MatchedOperation, body: unknown): string[] {
    const schema = matched.operation.requestBody?.content?.['application/json']?.schema;
    const empty = body === undefined || body === null || body === '' || (isPlainObject(body) && Object.keys(body).length === 0);
    if (!schema) {
      // The official client sends `{}` on body-less POSTs (snapshots); Qdrant ignores it.
      return empty ? [] : [`takes no request body, but one was sent: ${JSON.stringify(body).slice(0, 120)}`];
    }
    if (body === undefined || body === null || body === '') {
      return matched.operation.requestBody?.required ? ['request body is required'] : [];
    }
    const validate = this.compile(this.bodyAjv, `body ${matched.method} ${matched.template}`, schema);
    return validate(body) ? [] : describeErrors('body', validate.errors);
  }

  private compile(ajv: Ajv, key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseQuery(raw: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(raw ?? '')) {
    const existing = out[name];
    out[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * anyOf failures make ajv report every branch; the deepest errors point at the real culprit
 * (e.g. `/operations/0/upsert/points/0/vector/bm25/indices/0 must be integer`), so those come first.
 */
function describeErrors(what: string, errors: ErrorObject[] | null | undefined): string[] {
  const unique = new Map<string, { depth: number; text: string }>();
  for (const error of errors ?? []) {
    const extra = error.keyword === 'additionalProperties' ? ` ("${(error.params as { additionalProperty: string }).additionalProperty}")` : '';
    const text = `${what}${error.instancePath || ''} ${error.message ?? error.keyword}${extra}`;
    unique.set(text, { depth: error.instancePath.split('/').length, text });
  }
  const sorted = [...unique.values()].sort((a, b) => b.depth - a.depth);
  const shown = sorted.slice(0, MAX_PROBLEMS_PER_PART).map((item) => item.text);
  if (sorted.length > shown.length) shown.push(`${what}: …and ${sorted.length - shown.length} more schema errors`);
  return shown.length ? shown : [`${what} does not match the schema`];
}

let contract: QdrantContract | null = null;

function loadContract(): QdrantContract {
  if (!contract) {
    if (!existsSync(OPENAPI_PATH)) {
      throw new Error(
        `The Qdrant contract check needs Qdrant's OpenAPI schema at ${OPENAPI_PATH} (the shared folder beside the checkout; ` +
          'or save docs/redoc/master/openapi.json of the Qdrant release you target there). It belongs to `npm run test:full`; `npm test` does not need it.',
      );
    }
    contract = new QdrantContract(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument);
  }
  return contract;
}

/** Problems with one request against Qdrant 1.19's OpenAPI schema; empty means valid. */
export function validateQdrantRequest(request: QdrantRequest): string[] {
  return loadContract().validateRequest(request);
}

/** Problems with a response (status and JSON body) to a request, against the documented responses. */
export function validateQdrantResponse(request: QdrantRequest, status: number, body: unknown): string[] {
  return loadContract().validateResponse(request, status, body);
}
