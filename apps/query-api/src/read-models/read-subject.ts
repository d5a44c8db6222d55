import { accountStreamId, transferStreamId } from '@ledger/domain';

/**
 * What a read is about: an account or a transfer, each with a stream of its own whose revision
 * read-your-writes waits for. A problem about the read names it by the same member
 * (`accountId` or `transferId`) a client sent it as.
 */
export type ReadSubject = { readonly accountId: string } | { readonly transferId: string };

export function streamIdOf(subject: ReadSubject): string {
  return 'accountId' in subject ? accountStreamId(subject.accountId) : transferStreamId(subject.transferId);
}

/** `account <id>` or `transfer <id>`, for messages. */
export function describeSubject(subject: ReadSubject): string {
  return 'accountId' in subject ? `account ${subject.accountId}` : `transfer ${subject.transferId}`;
}
