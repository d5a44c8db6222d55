import { UuidParam } from '../uuid-param';

export class TransferIdParams {
  @UuidParam()
  readonly id!: string;
}
