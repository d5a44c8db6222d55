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
import { FreezeAccountRequest } from './freeze-account.request';
import { FreezeAccountCommand } from './freeze-account.command';

@Allow('customer', 'teller')
@Controller('accounts')
export class FreezeAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/freeze')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze an account (deposits only)' })
  @AccountCommandDocs({ status: 200, onExistingAccount: true, problems: { 404: 'ACCOUNT_NOT_FOUND', 409: 'CONCURRENCY_CONFLICT', 412: 'REVISION_MISMATCH', 422: 'ACCOUNT_CLOSED, IDEMPOTENCY_KEY_REUSED' } })
  async freeze(
    @Param() { id }: AccountIdParams,
    @Body() request: FreezeAccountRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountPosition> {
    return answerWith(reply, await this.commandBus.execute(new FreezeAccountCommand(id, request, context)));
  }
}
