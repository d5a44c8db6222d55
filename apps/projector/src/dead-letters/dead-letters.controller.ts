import { type DeadLetterAction } from '@ledger/projections';
import { type Projector } from '@ledger/projections/postgres';
import { Allow, CurrentPrincipal, PROBLEM_CONTENT_TYPE, type Principal } from '@ledger/platform';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PROJECTOR } from '../projections/projector.token';
import { failedAction, problemOf } from './dead-letter-problems';
import { DeadLetterIdParams, ListDeadLettersParams, statusesOf } from './dead-letter.params';
import { DeadLetterActionResponse, deadLetterActionView, DeadLetterListResponse, deadLetterView } from './dead-letter.response';
import { AbsentBodyAsEmpty } from './absent-body-as-empty.interceptor';
import { SkipDeadLetterRequest } from './skip-dead-letter.request';

const problem = { content: { [PROBLEM_CONTENT_TYPE.split(';')[0] ?? 'application/problem+json']: {} } };
const DEFAULT_LIMIT = 100;

@ApiTags('dead letters')
@Allow('operator')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Get()
  @ApiOperation({ summary: 'Dead-lettered events (and the events waiting behind them), with error and attempts, oldest first' })
  @ApiOkResponse({ type: DeadLetterListResponse })
  async list(@Query() params: ListDeadLettersParams): Promise<DeadLetterListResponse> {
    const limit = params.limit ?? DEFAULT_LIMIT;
    // One row more than the page: it only says whether another page exists, so the last page
    // says so itself instead of sending the client to an empty one.
    const letters = await this.projector.deadLetters.list({
      ...(params.projection === undefined ? {} : { projection: params.projection }),
      statuses: statusesOf(params.status),
      limit: limit + 1,
      afterId: params.after ?? 0,
    });
    const page = letters.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(deadLetterView), nextAfter: letters.length > limit && last !== undefined ? last.id : null };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply an open dead letter again (after fixing its cause), then release the events waiting behind it' })
  @ApiOkResponse({ type: DeadLetterActionResponse })
  @ApiResponse({ status: 404, description: 'DEAD_LETTER_NOT_FOUND', ...problem })
  @ApiResponse({ status: 409, description: 'DEAD_LETTER_NOT_OPEN (waiting or already resolved), PROJECTION_UNKNOWN', ...problem })
  @ApiResponse({ status: 422, description: 'DEAD_LETTER_RETRY_FAILED: it failed again and stays open, one attempt more', ...problem })
  retry(@Param() { id }: DeadLetterIdParams, @CurrentPrincipal() principal: Principal): Promise<DeadLetterActionResponse> {
    return this.act('retry', () => this.projector.operations.retry(id, { by: principal.subject, reason: null }));
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an open dead letter handled without applying it, then release the events waiting behind it' })
  @ApiOkResponse({ type: DeadLetterActionResponse })
  @ApiBody({ type: SkipDeadLetterRequest, required: false, description: 'Optional: why it is skipped, recorded with the caller (`resolution` on the dead letter).' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the id, or a reason that is empty, blank, over 500 characters or holds control characters', ...problem })
  @ApiResponse({ status: 404, description: 'DEAD_LETTER_NOT_FOUND', ...problem })
  @ApiResponse({ status: 409, description: 'DEAD_LETTER_NOT_OPEN (waiting or already resolved), PROJECTION_UNKNOWN', ...problem })
  @ApiResponse({ status: 422, description: 'DEAD_LETTER_SKIP_FAILED: the gap before it could not be filled; it stays open', ...problem })
  @UseInterceptors(AbsentBodyAsEmpty)
  skip(@Param() { id }: DeadLetterIdParams, @Body() { reason }: SkipDeadLetterRequest, @CurrentPrincipal() principal: Principal): Promise<DeadLetterActionResponse> {
    return this.act('skip', () => this.projector.operations.skip(id, { by: principal.subject, reason: reason ?? null }));
  }

  private async act(kind: 'retry' | 'skip', operation: () => Promise<DeadLetterAction>): Promise<DeadLetterActionResponse> {
    let action: DeadLetterAction;
    try {
      action = await operation();
    } catch (error) {
      throw problemOf(error);
    }
    if (action.outcome === 'failed') throw failedAction(kind, action);
    return deadLetterActionView({ ...action, outcome: action.outcome });
  }
}
