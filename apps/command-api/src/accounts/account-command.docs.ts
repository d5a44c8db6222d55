import { PROBLEM_CONTENT_TYPE } from '@ledger/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccountPositionResponse } from './account-position.response';

const problem = { content: { [PROBLEM_CONTENT_TYPE.split(';')[0] ?? 'application/problem+json']: {} } };

/**
 * The OpenAPI facts every account command shares: its success body, the headers of API.md
 * and the problems it may answer with (`codes` per status, as listed in API.md).
 */
export function AccountCommandDocs(options: { status: 200 | 201; onExistingAccount: boolean; problems: Record<number, string> }) {
  return applyDecorators(
    ApiTags('accounts'),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; the same key and body replay the first answer.' }),
    ...(options.onExistingAccount
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'The revision the client decided on, e.g. "4"; 412 REVISION_MISMATCH otherwise.' })]
      : []),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Echoed, and stored in the metadata of every event.' }),
    ApiResponse({ status: options.status, type: AccountPositionResponse, description: 'ETag: "<revision>"' }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED (with errors[]), MALFORMED_JSON', ...problem }),
    ...Object.entries(options.problems).map(([status, codes]) => ApiResponse({ status: Number(status), description: codes, ...problem })),
    ApiResponse({ status: 503, description: 'EVENT_STORE_UNAVAILABLE; EVENT_STORE_TIMEOUT (a statement ran past the session limits) and TOO_MANY_PENDING_COMMANDS (COMMAND_QUEUE_MAX_PER_ACCOUNT reached), both with Retry-After', ...problem }),
  );
}
