import { DomainErrorException } from '@ledger/platform';
import type { FastifyReply } from 'fastify';
import type { AccountCommandReply, AccountPosition } from './account-command-result';

/**
 * Turns a command's reply into the HTTP answer of API.md: the account's position as the body,
 * its revision as the ETag, `Location` for a new account, `Idempotent-Replayed` on a replay,
 * and a refusal as the domain error (which the problem+json filter answers).
 */
export function answerWith(reply: FastifyReply, commandReply: AccountCommandReply, options: { created?: boolean } = {}): AccountPosition {
  if (commandReply.replayed) void reply.header('idempotent-replayed', 'true');
  const { result } = commandReply;
  if (result.kind === 'refused') throw new DomainErrorException({ ...result.error });
  void reply.header('etag', `"${result.revision}"`);
  if (options.created === true) void reply.header('location', `/accounts/${result.accountId}`);
  return { accountId: result.accountId, streamId: result.streamId, revision: result.revision, position: result.position };
}
