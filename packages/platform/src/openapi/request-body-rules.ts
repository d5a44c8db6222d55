import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { MAX_JSON_DEPTH } from '../app/json-body-shape';
import { BODY_LIMIT_BYTES } from '../app/create-fastify-adapter';

/** What every app does with a request body (docs/rest-contract.md, "Request bodies"), for its OpenAPI description. */
export const REQUEST_BODY_RULES = [
  '**Request bodies** are JSON only: another content type gets 415 `UNSUPPORTED_MEDIA_TYPE`,',
  `a body over ${BODY_LIMIT_BYTES / 1024} KiB 413 \`PAYLOAD_TOO_LARGE\`, one that is not JSON (or is empty) 400 \`MALFORMED_JSON\`.`,
  `Nesting deeper than ${MAX_JSON_DEPTH} levels (the top-level object or array is level 1), a repeated member name`,
  '(`"amount"` and `"\\u0061mount"` are the same name) and an unknown field get 400 `VALIDATION_FAILED`',
  'with `errors: [{field, message}]` naming each place, before anything is validated or done.',
].join(' ');

const methodsWithBodies = ['post', 'put', 'patch'] as const;

/**
 * Every operation that reads a body can answer 400 under these rules, including the ones whose
 * controller declares no body (a JSON body sent to them is still parsed and checked), so an
 * operation that documents no 400 gets one.
 */
export function documentBodyRefusals(document: OpenAPIObject): OpenAPIObject {
  const mediaType = PROBLEM_CONTENT_TYPE.split(';')[0] ?? 'application/problem+json';
  for (const path of Object.values(document.paths)) {
    for (const method of methodsWithBodies) {
      const operation = path[method];
      if (operation !== undefined && operation.responses['400'] === undefined) {
        operation.responses['400'] = { description: 'VALIDATION_FAILED (with errors[]), MALFORMED_JSON', content: { [mediaType]: {} } };
      }
    }
  }
  return document;
}
