import type { Principal } from '@ledger/platform';
import { Query } from '@nestjs/cqrs';
import type { ReadYourWritesParams } from '../../accounts/query-params';
import type { TransferView } from '../transfer.view';

export class GetTransferQuery extends Query<TransferView> {
  constructor(
    readonly transferId: string,
    readonly readYourWrites: ReadYourWritesParams,
    readonly reader: Principal,
  ) {
    super();
  }
}
