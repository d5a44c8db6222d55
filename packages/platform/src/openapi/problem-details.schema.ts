import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ReferenceObject, type ResponseObject, type SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';

export const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0] ?? 'application/problem+json';

/** The one component every error response of every app refers to (docs/rest-contract.md, "Errors"). */
export const PROBLEM_DETAILS_SCHEMA_NAME = 'ProblemDetails';

export const problemDetailsRef: ReferenceObject = { $ref: `#/components/schemas/${PROBLEM_DETAILS_SCHEMA_NAME}` };

/**
 * RFC 9457 with the ledger's `code` and `errors[]`. Extension members (the current revision of a
 * REVISION_MISMATCH, the rebuild a REBUILD_IN_PROGRESS names) sit beside the standard ones, so
 * further members are allowed.
 */
export const problemDetailsSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'A URN derived from code, e.g. urn:ledger:problem:insufficient-funds.', example: 'urn:ledger:problem:validation-failed' },
    title: { type: 'string', description: 'For humans; may change.', example: 'Validation failed' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.', example: 400 },
    detail: { type: 'string', description: 'For humans; may change.' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'The stable upper-snake code to branch on.', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      description: 'On VALIDATION_FAILED only: every broken rule, one per field (dotted paths, array elements by index).',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'amount' }, message: { type: 'string' } },
      },
    },
  },
};

const retryAfterHeader = { description: 'Seconds to wait before retrying, where the condition passes on its own.', schema: { type: 'integer', minimum: 0 } };

/** A problem response: `codes` says which codes the status stands for, the body is the shared schema. */
export function problemResponse(codes: string, status?: number): ResponseObject {
  return {
    description: codes,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: problemDetailsRef } },
    ...(status === 503 || status === 429 ? { headers: { 'Retry-After': retryAfterHeader } } : {}),
  };
}

/** Documents the problems an operation may answer with, `{ 404: 'ACCOUNT_NOT_FOUND', ... }`, each with the shared schema. */
export function ApiProblemResponses(problems: Readonly<Record<number, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(...Object.entries(problems).map(([status, codes]) => ApiResponse({ status: Number(status), ...problemResponse(codes, Number(status)) })));
}
