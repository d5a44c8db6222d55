import { Allow, ValidationFailedException } from '@ledger/platform';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answerWith } from '../account-command-reply';
import type { AccountPosition } from '../account-command-result';
import { AccountCommandDocs } from '../account-command.docs';
import { FromRequest, type CommandContext } from '../../commands/command-context';
import { OpenAccountCommand } from './open-account.command';
import { OpenAccountRequest } from './open-account.request';

@Allow('customer', 'teller')
@Controller('accounts')
export class OpenAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open an account' })
  @AccountCommandDocs({ status: 201, onExistingAccount: false, problems: { 409: 'ACCOUNT_ALREADY_OPEN', 422: 'IDEMPOTENCY_KEY_REUSED' } })
  async open(
    @Body() request: OpenAccountRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountPosition> {
    if (context.expectedRevision !== undefined) {
      throw new ValidationFailedException([{ field: 'If-Match', message: 'applies to existing accounts only' }]);
    }
    return answerWith(reply, await this.commandBus.execute(new OpenAccountCommand(request, context)), { created: true });
  }
}
