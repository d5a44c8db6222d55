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
import { DepositMoneyCommand } from './deposit-money.command';

@Allow('customer', 'teller')
@Controller('accounts')
export class DepositMoneyController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/deposits')
  @HttpCode(201)
  @ApiOperation({ summary: 'Deposit money' })
  @AccountCommandDocs({ status: 201, onExistingAccount: true, problems: { 404: 'ACCOUNT_NOT_FOUND', 409: 'CONCURRENCY_CONFLICT', 412: 'REVISION_MISMATCH', 422: 'CURRENCY_MISMATCH, ACCOUNT_CLOSED, BALANCE_LIMIT_EXCEEDED, IDEMPOTENCY_KEY_REUSED' } })
  @MoneyBody()
  async deposit(
    @Param() { id }: AccountIdParams,
    @Body() request: MoneyMovementRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountPosition> {
    return answerWith(reply, await this.commandBus.execute(new DepositMoneyCommand(id, request, context)));
  }
}
