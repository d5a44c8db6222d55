import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An account or transfer id in the one spelling the domain keeps (parseAccountId, parseTransferId); anything else as is. */
const idSpelling = (value: unknown): unknown => (typeof value === 'string' && uuid.test(value) ? value.toLowerCase() : value);

/** The members of request bodies that hold ids (an opening's, a transfer's). */
const idMembers = ['accountId', 'transferId', 'fromAccountId', 'toAccountId'] as const;

/**
 * JSON text with the members of every object in sorted order, at any depth: equal for equal
 * values, whatever order a client wrote them in. Array order is kept: it is meaning.
 * (Bodies are at most 32 levels deep by then, so the recursion is bounded.)
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The body with the ids it names (an opening's `accountId`, a transfer's three) spelt as the domain keeps them. */
function canonicalBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const ids = idMembers.filter((member) => member in record).map((member) => [member, idSpelling(record[member])] as const);
  return ids.length === 0 ? body : { ...record, ...Object.fromEntries(ids) };
}

/** The path as routed, with each parameter (in this API: the account id) spelt as the domain keeps it. */
function canonicalPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route === undefined) return request.url.split('?')[0] ?? request.url;
  const params = request.params as Readonly<Record<string, string>>;
  return route.replace(/:(\w+)/g, (_, name: string) => String(idSpelling(params[name] ?? '')));
}

/**
 * What makes two requests under one Idempotency-Key the same request: method, path and body,
 * as the command will understand them, not as they were spelt. JSON member order, whitespace
 * and the case of an account or transfer id do not count (a client library may reorder keys on a retry,
 * and `ABC…` and `abc…` are one account); any other difference of a value does, the case of
 * owner ids and text included. The shape `METHOD path sha256(body)` is the one keys were stored
 * with before, so a retry spelt as before still matches a key recorded then.
 */
export function requestFingerprintOf(request: FastifyRequest): string {
  const body = createHash('sha256').update(canonicalJson(canonicalBody(request.body ?? null))).digest('base64url');
  return `${request.method} ${canonicalPath(request)} ${body}`;
}
