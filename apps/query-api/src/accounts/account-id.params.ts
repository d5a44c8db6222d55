import { UuidParam } from '../uuid-param';

export class AccountIdParams {
  @UuidParam()
  readonly id!: string;
}
