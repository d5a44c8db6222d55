import { Allow } from '@ledger/platform';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountIdParams } from '../account-id.params';
import { answerWith } from '../account-command-reply';
import type { AccountPosition } from '../account-command-result';
import { AccountCommandDocs } from '../account-command.docs';
import { FromRequest, type CommandContext } from '../../commands/command-context';
import { EmptyRequest } from '../empty.request';
import { CloseAccountCommand } from './close-account.command';

@Allow('customer', 'teller')
@Controller('accounts')
export class CloseAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an account at zero balance' })
  @AccountCommandDocs({ status: 200, onExistingAccount: true, problems: { 404: 'ACCOUNT_NOT_FOUND', 409: 'CONCURRENCY_CONFLICT', 412: 'REVISION_MISMATCH', 422: 'BALANCE_NOT_ZERO, ACCOUNT_FROZEN, ACCOUNT_CLOSED, IDEMPOTENCY_KEY_REUSED' } })
  async close(
    @Param() { id }: AccountIdParams,
    @Body() _empty: EmptyRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountPosition> {
    return answerWith(reply, await this.commandBus.execute(new CloseAccountCommand(id, context)));
  }
}
