import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OpenToAnyone } from '../auth/access.decorators';
import type { HealthReport } from './health-check';
import { HealthChecks } from './health-checks';
import { healthReportSchema, livenessReportSchema } from './health-report.schema';

/** The body of `GET /health/live`. */
export interface LivenessReport {
  readonly status: 'up';
}

const readinessDescription =
  'Each dependency with its state and latency. 200 while every required dependency is up; a dependency marked `optional` ' +
  '(the query API\'s MongoDB) is reported but never makes the app unready. 503 while a required one is down.';

@ApiTags('operations')
@OpenToAnyone()
@Controller('health')
export class HealthController {
  constructor(private readonly healthChecks: HealthChecks) {}

  /**
   * Answers as long as the process can serve HTTP, and never asks a dependency: a database
   * outage must make an orchestrator stop routing here (readiness), never restart a process
   * that will be fine once the database is back.
   */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process can serve (never checks a dependency)' })
  @ApiOkResponse({ description: '`{ "status": "up" }`, whatever the state of the dependencies.', schema: livenessReportSchema })
  liveness(): LivenessReport {
    return { status: 'up' };
  }

  /** 503 when a required dependency is down, so load balancers stop routing here until it recovers. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness, with the state of each dependency (200 ready, 503 not)' })
  @ApiOkResponse({ description: readinessDescription, schema: healthReportSchema })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down; the body says which and why.', schema: healthReportSchema })
  readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  /** The same as `/health/ready`, kept for clients of the first version. */
  @Get()
  @ApiOperation({ summary: 'Readiness, the same as /health/ready' })
  @ApiOkResponse({ description: readinessDescription, schema: healthReportSchema })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down; the body says which and why.', schema: healthReportSchema })
  health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.report(reply);
  }

  private async report(reply: FastifyReply): Promise<HealthReport> {
    const report = await this.healthChecks.run();
    void reply.status(report.status === 'up' ? 200 : 503);
    return report;
  }
}
