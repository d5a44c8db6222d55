import type { EventMetadata, IdempotencyClaim } from '@ledger/event-store';
import { actorMetadataOf, principalOf, ValidationFailedException, type Principal } from '@ledger/platform';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { requestFingerprintOf } from './request-fingerprint';

/** What the edge knows about a command that the domain must not decide on (STYLE.md). */
export interface CommandContext {
  /** Stored on every event the command appends. */
  readonly metadata: EventMetadata & { readonly correlationId: string; readonly occurredAt: string };
  /** From `Idempotency-Key`: run at most once per key. */
  readonly idempotency?: IdempotencyClaim;
  /** From `If-Match`: decide only on exactly this revision (412 otherwise). */
  readonly expectedRevision?: bigint;
  /** Who asked, from the verified access token: what they may do and whose accounts. */
  readonly principal: Principal;
}

// API.md: 1–255 printable characters.
const idempotencyKeyFormat = /^[\x20-\x7e]{1,255}$/;
// `"5"` as sent by clients following RFC 9110 (an entity tag), or a bare 5 from a hand-typed curl.
const ifMatchFormat = /^(?:"(\d{1,18})"|(\d{1,18}))$/;
// W3C Trace Context, version 00: kept only when well-formed, so metadata never carries junk.
const traceparentFormat = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * API.md: idempotency keys are scoped per subject, so two clients that both send `order-1` never
 * see each other's result. The stored key is the subject's length, the subject and the client's
 * key: no choice of subject and key can produce another pair's stored key.
 */
function scopedIdempotencyKey(subject: string, key: string): string {
  return `${subject.length}:${subject}:${key}`;
}

function idempotencyClaimOf(request: FastifyRequest, key: string | undefined, principal: Principal): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (!idempotencyKeyFormat.test(key) || key.trim() === '') {
    throw new ValidationFailedException([{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable characters' }]);
  }
  return { key: scopedIdempotencyKey(principal.subject, key), fingerprint: requestFingerprintOf(request) };
}

function expectedRevisionOf(request: FastifyRequest): bigint | undefined {
  const ifMatch = header(request, 'if-match');
  if (ifMatch === undefined) return undefined;
  const match = ifMatchFormat.exec(ifMatch.trim());
  if (match === null) {
    throw new ValidationFailedException([{ field: 'If-Match', message: 'must be a revision in quotes, such as "4"' }]);
  }
  return BigInt(match[1] ?? match[2] ?? '');
}

/** Reads the command context from a request; malformed headers are a 400 like malformed fields. */
export function commandContextOf(request: FastifyRequest, now: Date = new Date()): CommandContext {
  const principal = principalOf(request);
  const key = header(request, 'idempotency-key');
  const idempotency = idempotencyClaimOf(request, key, principal);
  const expectedRevision = expectedRevisionOf(request);
  const traceparent = header(request, 'traceparent');
  return {
    metadata: {
      correlationId: request.id,
      // This request is the cause of what it appends; the id ties every event of one command together.
      causationId: randomUUID(),
      ...(traceparent !== undefined && traceparentFormat.test(traceparent) ? { traceparent } : {}),
      // From the verified token, never from the body: the event says who really asked.
      ...actorMetadataOf(principal),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      occurredAt: now.toISOString(),
    },
    ...(idempotency === undefined ? {} : { idempotency }),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
    principal,
  };
}

/** Injects the `CommandContext` of the current request into a controller method. */
export const FromRequest = createParamDecorator((_: unknown, context: ExecutionContext) =>
  commandContextOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
