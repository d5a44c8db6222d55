import { APP_CONFIG, OpenToAnyone } from '@ledger/platform';
import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ProjectorConfig } from '../projector.config';
import { ConsoleFiles } from './console-files';
import { consoleHeaders } from './console-headers';

/** What the page needs to sign in: the OpenID provider (AUTH_ISSUER), its client (CONSOLE_CLIENT_ID) and scope. */
interface ConsoleConfigResponse {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

/**
 * The operator console's page, its assets and its sign-in settings: open to anyone, since they
 * hold nothing but the page itself; every figure it shows comes from operator-only endpoints.
 * Every URL is relative to /console/ so that the page works behind a gateway prefix too. Not in
 * the OpenAPI document: it describes the API, whose every operation takes a bearer token, and the
 * contract tests hold it to that; docs/rest-contract.md lists these routes.
 */
@ApiExcludeController()
@Controller('console')
export class ConsolePageController {
  private readonly files = new ConsoleFiles();
  private readonly headers: Readonly<Record<string, string>>;

  constructor(@Inject(APP_CONFIG) private readonly config: ProjectorConfig) {
    this.headers = consoleHeaders(config.authIssuer);
  }

  /** `/console` → `console/`: relative, so `/admin/console` behind the gateway lands on `/admin/console/`. */
  @Get()
  @OpenToAnyone()
  redirect(@Res() reply: FastifyReply): void {
    void reply.code(301).headers(this.headers).header('location', 'console/').send();
  }

  @Get('config.json')
  @OpenToAnyone()
  settings(@Res({ passthrough: true }) reply: FastifyReply): ConsoleConfigResponse {
    void reply.headers(this.headers);
    return { issuer: this.config.authIssuer, clientId: this.config.consoleClientId, scope: 'openid' };
  }

  /** `/console/` (the page) and `/console/assets/<file>`; the router prefers the exact routes above and the stream. */
  @Get('*')
  @OpenToAnyone()
  async file(@Param('*') path: string, @Res() reply: FastifyReply): Promise<void> {
    const name = fileNameOf(path);
    const file = name === undefined ? undefined : await this.files.read(name);
    if (file === undefined) throw new NotFoundException('No such file in the console.');
    void reply.headers(this.headers).type(file.contentType).send(file.body);
  }
}

/** `` is the page; `assets/<name>` one of its files; nothing else is served. */
function fileNameOf(path: string): string | undefined {
  if (path === '') return 'index.html';
  return path.startsWith('assets/') ? path.slice('assets/'.length) : undefined;
}
