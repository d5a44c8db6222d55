import { MAX_JSON_DEPTH } from '../app/json-body-shape';
import { BODY_LIMIT_BYTES } from '../app/create-fastify-adapter';

/** What every app does with a request body (docs/rest-contract.md, "Request bodies"), for its OpenAPI description. */
export const REQUEST_BODY_RULES = [
  '**Request bodies** are JSON only: another content type gets 415 `UNSUPPORTED_MEDIA_TYPE`,',
  `a body over ${BODY_LIMIT_BYTES / 1024} KiB 413 \`PAYLOAD_TOO_LARGE\`, one that is not JSON (or is empty) 400 \`MALFORMED_JSON\`.`,
  `Nesting deeper than ${MAX_JSON_DEPTH} levels (the top-level object or array is level 1), a repeated member name`,
  '(`"amount"` and `"\\u0061mount"` are the same name) and an unknown field get 400 `VALIDATION_FAILED`',
  'with `errors: [{field, message}]` naming each place, before anything is validated or done.',
  'An unknown query parameter, or a parameter or header that breaks its rule, gets 400 `VALIDATION_FAILED` as well.',
  'Every error is `application/problem+json` in the `ProblemDetails` schema.',
].join(' ');

export const BODY_REFUSALS = {
  400: 'VALIDATION_FAILED (with errors[]): a field, parameter or header breaks its rule, or is unknown; MALFORMED_JSON',
  413: `PAYLOAD_TOO_LARGE: the body is over ${BODY_LIMIT_BYTES / 1024} KiB`,
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json',
} as const;

export const PARAMETER_REFUSAL = 'VALIDATION_FAILED (with errors[]): a parameter or header breaks its rule, or a query parameter is unknown';
