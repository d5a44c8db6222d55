import { RebuildNotFoundError, type RebuildRecord } from '@ledger/projections';
import { type Projector } from '@ledger/projections/postgres';
import { Allow, PROBLEM_CONTENT_TYPE } from '@ledger/platform';
import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProjectionNameParams } from '../projections/projection-name.params';
import { PROJECTOR } from '../projections/projector.token';
import { rebuildProblemOf } from './rebuild-problems';
import { RebuildIdParams } from './rebuild.params';
import { RebuildResponse, RebuildStartedResponse, rebuildView } from './rebuild.response';

const problem = { content: { [PROBLEM_CONTENT_TYPE.split(';')[0] ?? 'application/problem+json']: {} } };

/** Blue-green rebuilds of a read model (API.md, "Projector admin"): started here, run in the background, followed by polling. */
@ApiTags('rebuilds')
@Allow('operator')
@Controller('projections/:name/rebuilds')
export class RebuildsController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model from the event store into a shadow copy, then swap it in; the live one serves until then' })
  @ApiAcceptedResponse({ type: RebuildStartedResponse, description: '`Location` is the rebuild\'s status URL.' })
  @ApiResponse({ status: 404, description: 'PROJECTION_NOT_FOUND', ...problem })
  @ApiResponse({ status: 409, description: 'REBUILD_IN_PROGRESS: one runs already (on any instance); `rebuildId` says which', ...problem })
  async start(@Param() { name }: ProjectionNameParams, @Res({ passthrough: true }) reply: FastifyReply): Promise<RebuildStartedResponse> {
    const record = await this.refusalsAsProblems(() => this.projector.rebuilds.start(name, 'requested'));
    void reply.header('location', `/projections/${encodeURIComponent(name)}/rebuilds/${record.id}`);
    return { rebuildId: record.id, state: record.state };
  }

  @Get(':rebuildId')
  @ApiOperation({ summary: 'Where a rebuild stands: state, events processed of the total, rate and time left' })
  @ApiOkResponse({ type: RebuildResponse })
  @ApiResponse({ status: 404, description: 'PROJECTION_NOT_FOUND, REBUILD_NOT_FOUND', ...problem })
  async find(@Param() { name, rebuildId }: RebuildIdParams): Promise<RebuildResponse> {
    const record = await this.refusalsAsProblems(async () => {
      const found = await this.projector.rebuilds.find(name, rebuildId);
      if (found === undefined) throw new RebuildNotFoundError(name, rebuildId);
      return found;
    });
    return rebuildView(record);
  }

  private async refusalsAsProblems(operation: () => Promise<RebuildRecord>): Promise<RebuildRecord> {
    try {
      return await operation();
    } catch (error) {
      throw rebuildProblemOf(error);
    }
  }
}
