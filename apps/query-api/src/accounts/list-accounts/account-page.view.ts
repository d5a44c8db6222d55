import { ApiProperty } from '@nestjs/swagger';
import { AccountView } from '../account.view';

/** The OpenAPI shape of a page of GET /accounts (`AccountPage`). */
export class AccountPageView {
  @ApiProperty({ type: [AccountView] }) readonly items!: AccountView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass back as cursor for the next page; null on the last page.' })
  readonly nextCursor!: string | null;
}
