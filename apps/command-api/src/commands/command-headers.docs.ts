import { ApiHeader } from '@nestjs/swagger';

// The request headers every command takes, as the OpenAPI documents describe them: the same
// rules `commandContextOf` enforces (printable ASCII; HTTP strips the ends' spaces).
export const idempotencyKeySchema = { type: 'string', pattern: '^[!-~]([ -~]{0,253}[!-~])?$', minLength: 1, maxLength: 255 } as const;

/** `Idempotency-Key` as every command takes it. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; the same key and body replay the first answer.', schema: idempotencyKeySchema });

/** `X-Correlation-Id` as every command takes it. */
export const CorrelationIdHeader = () =>
  ApiHeader({
    name: 'X-Correlation-Id',
    required: false,
    description: 'Echoed, and stored in the metadata of every event; a value that is not 1–128 printable ASCII characters without spaces is replaced by a fresh id.',
  });

/** On a replay of a keyed request's answer. */
export const replayedHeader = {
  'Idempotent-Replayed': { description: 'Present on the replay of a keyed request: this is the first answer again.', schema: { type: 'string', enum: ['true'] } },
};
