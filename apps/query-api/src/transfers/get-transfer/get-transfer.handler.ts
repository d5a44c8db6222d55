import { DomainErrorException } from '@ledger/platform';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { foreignBeforeWaiting, mayRevealTo, maySeeAnyOf } from '../../read-models/foreign-before-waiting';
import { ReadYourWrites } from '../../read-models/read-your-writes';
import { ownersOfTransfer, TransferSummaries } from '../../read-models/transfer-summaries';
import { transferNotFound } from '../transfer-not-found';
import { transferViewOf, type TransferView } from '../transfer.view';
import { GetTransferQuery } from './get-transfer.query';

/** A customer sees a transfer from or to one of their accounts; any other answers as an unknown one, waits included. */
@QueryHandler(GetTransferQuery)
export class GetTransferHandler implements IQueryHandler<GetTransferQuery> {
  constructor(
    private readonly transfers: TransferSummaries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ transferId, readYourWrites, reader }: GetTransferQuery): Promise<TransferView> {
    const startedAt = Date.now();
    const subject = { transferId };
    const notFound = () => new DomainErrorException(transferNotFound(transferId));
    const ownersOf = () => this.transfers.ownersOf(transferId);
    if (await foreignBeforeWaiting(reader, readYourWrites, ownersOf)) return this.readYourWrites.asIfUnseen(subject, readYourWrites, startedAt, notFound);
    await this.readYourWrites.ensure('transfer-summary', subject, readYourWrites, mayRevealTo(reader, ownersOf));
    const row = await this.transfers.find(transferId);
    if (row === undefined) throw notFound();
    if (!maySeeAnyOf(reader, ownersOfTransfer(row))) return this.readYourWrites.asIfUnseen(subject, readYourWrites, startedAt, notFound);
    return transferViewOf(row);
  }
}
