import { type ProjectionRunner } from '@ledger/projections';
import { type Projector } from '@ledger/projections/postgres';
import { Allow, DomainErrorException } from '@ledger/platform';
import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProjectionNameParams } from './projection-name.params';
import { ProjectionListResponse, ProjectionResponse, projectionView } from './projection.response';
import { PROJECTOR } from './projector.token';

@ApiTags('projections')
@Allow('operator')
@Controller('projections')
export class ProjectionsController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Get()
  @ApiOperation({ summary: 'The projections this instance runs: state, lag in events and seconds, applied, dead letters' })
  @ApiOkResponse({ type: ProjectionListResponse })
  async list(): Promise<ProjectionListResponse> {
    return { items: (await this.projector.reports()).map(projectionView) };
  }

  @Post(':name/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop fetching for this projection on this instance (batches in hand finish)' })
  @ApiOkResponse({ type: ProjectionResponse })
  @ApiResponse({ status: 404, description: 'PROJECTION_NOT_FOUND' })
  async pause(@Param() { name }: ProjectionNameParams): Promise<ProjectionResponse> {
    const runner = this.runnerNamed(name);
    runner.pause();
    return projectionView(await runner.report());
  }

  @Post(':name/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fetch again for a paused projection' })
  @ApiOkResponse({ type: ProjectionResponse })
  @ApiResponse({ status: 404, description: 'PROJECTION_NOT_FOUND' })
  async resume(@Param() { name }: ProjectionNameParams): Promise<ProjectionResponse> {
    const runner = this.runnerNamed(name);
    runner.resume();
    return projectionView(await runner.report());
  }

  private runnerNamed(name: string): ProjectionRunner {
    const runner = this.projector.runner(name);
    if (runner === undefined) {
      throw new DomainErrorException({ code: 'PROJECTION_NOT_FOUND', message: `This instance runs no projection named "${name}".`, projection: name });
    }
    return runner;
  }
}
