import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { HealthReport } from './health-check';
import { HealthChecks } from './health-checks';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly healthChecks: HealthChecks) {}

  /** 503 when any dependency is down, so load balancers stop routing here until it recovers. */
  @Get()
  @ApiOperation({ summary: 'Readiness, with the state of each dependency (200 up, 503 down)' })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.healthChecks.run();
    void reply.status(report.status === 'up' ? 200 : 503);
    return report;
  }
}
