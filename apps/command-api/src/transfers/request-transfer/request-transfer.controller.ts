import { Allow, DomainErrorException, problemResponse, ValidationFailedException } from '@ledger/platform';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { FromRequest, type CommandContext } from '../../commands/command-context';
import { CorrelationIdHeader, IdempotencyKeyHeader, replayedHeader } from '../../commands/command-headers.docs';
import { MoneyBody } from '../../commands/money-movement.request';
import { TransferAcceptedResponse } from '../transfer-accepted.response';
import type { TransferAccepted } from '../transfer-command-result';
import { RequestTransferCommand } from './request-transfer.command';
import { RequestTransferRequest } from './request-transfer.request';

@Allow('customer', 'teller')
@ApiTags('transfers')
@Controller('transfers')
export class RequestTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ operationId: 'requestTransfer', summary: 'Transfer money between two accounts' })
  @IdempotencyKeyHeader()
  @CorrelationIdHeader()
  @ApiResponse({ status: 202, type: TransferAcceptedResponse, description: 'Requested; the accounts answer later (GET /transfers/{id}).', headers: { Location: { description: 'The transfer: /transfers/{id}.', required: true, schema: { type: 'string', pattern: '^/transfers/[0-9a-f-]{36}$' } }, ...replayedHeader } })
  @ApiResponse({ status: 404, ...problemResponse('ACCOUNT_NOT_FOUND (either account; a customer’s source must be their own)') })
  @ApiResponse({ status: 409, ...problemResponse('TRANSFER_ALREADY_EXISTS, CONCURRENCY_CONFLICT') })
  @ApiResponse({ status: 422, ...problemResponse('SAME_ACCOUNT, CURRENCY_MISMATCH (not the source account’s currency), IDEMPOTENCY_KEY_REUSED') })
  @ApiResponse({ status: 503, ...problemResponse('EVENT_STORE_UNAVAILABLE, EVENT_STORE_TIMEOUT', 503) })
  @MoneyBody(RequestTransferRequest)
  async request(
    @Body() request: RequestTransferRequest,
    @FromRequest() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransferAccepted> {
    if (context.expectedRevision !== undefined) {
      throw new ValidationFailedException([{ field: 'If-Match', message: 'applies to existing accounts only' }]);
    }
    const { replayed, result } = await this.commandBus.execute(new RequestTransferCommand(request, context));
    if (replayed) void reply.header('idempotent-replayed', 'true');
    if (result.kind === 'refused') throw new DomainErrorException({ ...result.error });
    void reply.header('location', `/transfers/${result.transferId}`);
    const { kind: _kind, ...accepted } = result;
    return accepted;
  }
}
