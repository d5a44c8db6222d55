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
import { MoneyBody, MoneyMovementRequest } from '../../commands/money-movement.request';
import { WithdrawMoneyCommand } from './withdraw-money.command';

@Allow('customer', 'teller')
@Controller('accounts')
export class WithdrawMoneyController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/withdrawals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw money' })
  @AccountCommandDocs({ status: 201, onExistingAccount: true, problems: { 404: 'ACCOUNT_NOT_FOUND', 409: 'CONCURRENCY_CONFLICT', 412: 'REVISION_MISMATCH', 422: 'INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, ACCOUNT_FROZEN, ACCOUNT_CLOSED, IDEMPOTENCY_KEY_REUSED' } })
  @MoneyBody()
  async withdraw(
    @Param() { id }: AccountIdParams,
    @Body() request: MoneyMovementRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountPosition> {
    return answerWith(reply, await this.commandBus.execute(new WithdrawMoneyCommand(id, request, context)));
  }
}
