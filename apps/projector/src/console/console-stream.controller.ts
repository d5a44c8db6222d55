import { Allow, APP_CONFIG, DomainErrorException } from '@ledger/platform';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProjectorConfig } from '../projector.config';
import { consoleHeaders } from './console-headers';
import { ConsoleStreams } from './console-streams';

/**
 * `GET /console/stream`: the console's live view, as Server-Sent Events (docs/operations.md,
 * "Operator console"). Not in the OpenAPI document, whose generated contract tests expect every
 * answer to end; docs/rest-contract.md lists it.
 */
@ApiExcludeController()
@Allow('operator')
@Controller('console')
export class ConsoleStreamController {
  private readonly headers: Readonly<Record<string, string>>;

  constructor(
    private readonly streams: ConsoleStreams,
    @Inject(APP_CONFIG) config: ProjectorConfig,
  ) {
    this.headers = consoleHeaders(config.authIssuer);
  }

  /**
   * A `snapshot` event at once and every CONSOLE_STREAM_INTERVAL_MS: `{ at, projections, relay }`,
   * the items of GET /projections each with `appliedPerSecond` and `history`, and the relay's
   * GET /relay or `{ reachable: false, error }`; `: keep-alive` comments between. 503
   * CONSOLE_STREAMS_EXHAUSTED beyond CONSOLE_MAX_STREAMS or while stopping.
   */
  @Get('stream')
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!this.streams.hasRoom()) {
      throw new DomainErrorException({
        code: 'CONSOLE_STREAMS_EXHAUSTED',
        message: `This projector serves ${this.streams.count} console streams, its limit (CONSOLE_MAX_STREAMS), or is stopping; close a console or try again shortly.`,
      });
    }
    // From here the response is the stream's: Fastify neither sends nor times it.
    const headers = { ...reply.getHeaders(), ...this.headers };
    reply.hijack();
    this.streams.serve(request.headers, reply.raw, headers);
  }
}
