import { problemResponse } from '@ledger/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CorrelationIdHeader, IdempotencyKeyHeader, replayedHeader } from '../commands/command-headers.docs';
import { AccountPositionResponse } from './account-position.response';

// The rule `commandContextOf` enforces: an entity tag holding a revision, or the bare revision a
// hand-typed curl sends.
const ifMatchSchema = { type: 'string', pattern: '^("[0-9]{1,18}"|[0-9]{1,18})$' } as const;

function successHeaders(created: boolean) {
  return {
    ETag: { description: 'The account\'s revision after the command, e.g. "4": send it back in If-Match.', required: true, schema: { type: 'string', pattern: '^"[0-9]+"$' } },
    ...(created ? { Location: { description: 'The new account: /accounts/{id}.', required: true, schema: { type: 'string', pattern: '^/accounts/[0-9a-f-]{36}$' } } } : {}),
    ...replayedHeader,
  };
}

const unavailable =
  'EVENT_STORE_UNAVAILABLE; EVENT_STORE_TIMEOUT (a statement ran past the session limits) and TOO_MANY_PENDING_COMMANDS (COMMAND_QUEUE_MAX_PER_ACCOUNT reached), both with Retry-After';

/**
 * The OpenAPI facts every account command shares: its success body and headers, the request
 * headers of API.md and the problems it may answer with (`codes` per status, as listed in API.md).
 * A refusal recorded under an Idempotency-Key is replayed like a success, so it may carry
 * Idempotent-Replayed too.
 */
export function AccountCommandDocs(options: { status: 200 | 201; onExistingAccount: boolean; problems: Record<number, string> }) {
  return applyDecorators(
    ApiTags('accounts'),
    IdempotencyKeyHeader(),
    ...(options.onExistingAccount
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'The revision the client decided on, e.g. "4"; 412 REVISION_MISMATCH otherwise.', schema: ifMatchSchema })]
      : []),
    CorrelationIdHeader(),
    ApiResponse({ status: options.status, type: AccountPositionResponse, description: 'Where the command\'s events landed.', headers: successHeaders(options.status === 201) }),
    ...Object.entries(options.problems).map(([status, codes]) => ApiResponse({ status: Number(status), ...problemResponse(codes), headers: replayedHeader })),
    ApiResponse({ status: 503, ...problemResponse(unavailable, 503) }),
  );
}
