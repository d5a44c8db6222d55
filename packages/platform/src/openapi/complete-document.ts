import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { BODY_REFUSALS, PARAMETER_REFUSAL } from './request-body-rules';
import { PROBLEM_DETAILS_SCHEMA_NAME, problemDetailsSchema, problemResponse } from './problem-details.schema';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const methodsWithBodies: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

const correlationIdHeader = {
  description: 'The request\'s X-Correlation-Id when it was usable, otherwise one the server made up; on every response.',
  required: true,
  schema: { type: 'string', pattern: '^[!-~]{1,128}$' },
} as const;

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}

function hasSchema(response: ResponseObject): boolean {
  return Object.values(response.content ?? {}).some((media) => media.schema !== undefined);
}

/**
 * The refusals the platform itself makes, which no controller declares: 400 wherever a parameter,
 * header or body is validated, 413 and 415 wherever a body is read (even by operations that declare
 * none: a JSON body sent to them is still parsed and checked).
 */
function addPlatformRefusals(method: string, operation: OperationObject): void {
  const responses = operation.responses;
  const readsBody = methodsWithBodies.has(method);
  if (readsBody) {
    for (const [status, codes] of Object.entries(BODY_REFUSALS)) responses[status] ??= problemResponse(codes);
  } else if ((operation.parameters ?? []).length > 0) {
    responses['400'] ??= problemResponse(PARAMETER_REFUSAL);
  }
}

/** Every error body is the shared ProblemDetails (unless it declares its own, as /health's 503 does); every response echoes the correlation id. */
function completeResponses(operation: OperationObject): void {
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response === undefined || isReference(response)) continue;
    const completed = Number(status) >= 400 && !hasSchema(response) ? problemResponse(response.description, Number(status)) : response;
    completed.headers = { ...completed.headers, 'X-Correlation-Id': correlationIdHeader };
    operation.responses[status] = completed;
  }
}

function referencedSchemaNames(schema: SchemaObject | ReferenceObject | undefined): string[] {
  if (schema === undefined) return [];
  if (isReference(schema)) return [schema.$ref.replace('#/components/schemas/', '')];
  return (schema.allOf ?? []).flatMap(referencedSchemaNames);
}

/** The platform refuses every field a body's class does not declare (docs/rest-contract.md), so request bodies are closed. */
function closeRequestBodies(document: OpenAPIObject, operation: OperationObject): void {
  const body = operation.requestBody;
  if (body === undefined || isReference(body)) return;
  for (const name of Object.values(body.content).flatMap((media) => referencedSchemaNames(media.schema))) {
    const schema = document.components?.schemas?.[name];
    if (schema !== undefined && !isReference(schema)) schema.additionalProperties = false;
  }
}

/** The bearer token every operation but /health needs (API.md "Identity and access"), with its two refusals. */
function requireBearerToken(operation: OperationObject): void {
  operation.security = [{ [BEARER_SCHEME]: [] }];
  operation.responses['401'] ??= problemResponse('No access token, or one that was refused (`UNAUTHENTICATED`; `WWW-Authenticate: Bearer`).', 401);
  operation.responses['403'] ??= problemResponse('The token is valid but its roles do not allow this operation (`FORBIDDEN`).', 403);
}

/** The name of the bearer security scheme in the documents. */
export const BEARER_SCHEME = 'bearer';

/**
 * Completes a generated document with what the platform guarantees to every operation (the
 * refusals it makes before a controller runs, the shared problem schema, the correlation header),
 * so the document lists every status an operation can answer with and the schema of each.
 */
export function completeDocument(document: OpenAPIObject, secured = false): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [PROBLEM_DETAILS_SCHEMA_NAME]: problemDetailsSchema } };
  for (const [route, path] of Object.entries(document.paths)) {
    for (const method of methods) {
      const operation = path[method];
      if (operation === undefined) continue;
      if (secured && !route.startsWith('/health')) requireBearerToken(operation);
      addPlatformRefusals(method, operation);
      completeResponses(operation);
      closeRequestBodies(document, operation);
    }
  }
  return document;
}
