import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { createApp } from '../app/create-app';
import { Allow, OpenToAnyone } from './access.decorators';
import type { AuthSettings } from './auth-config';

const settings: AuthSettings = {
  authIssuer: 'https://sso.example.com',
  authAudience: 'ledger',
  authJwksUrl: undefined,
  authRolesClaim: 'roles',
  authClockToleranceSeconds: 0,
  operationsAccess: 'operator',
  corsOrigins: [],
};

@Controller('page')
class PageController {
  @Get()
  @OpenToAnyone()
  page() {
    return { page: true };
  }

  @Get('data')
  @Allow('operator')
  data() {
    return { data: true };
  }
}

/** Open on the class only: the role check lets anyone in, but the hook still wants a token. */
@OpenToAnyone()
@Controller('class-open')
class ClassOpenController {
  @Get()
  list() {
    return { listed: true };
  }
}

@Module({ controllers: [PageController, ClassOpenController] })
class TestModule {}

describe('routes marked @OpenToAnyone on their method', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
    app = await createApp({
      name: 'open-routes',
      rootModule: TestModule,
      config: { host: '127.0.0.1', port: 3000, logLevel: 'silent' },
      auth: { settings, keys },
      logDestination: { write: () => undefined },
    });
  });

  afterAll(() => app.close());

  it('answer without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/page' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ page: true });
  });

  it('leave the other routes of the same controller closed', async () => {
    expect((await app.inject({ method: 'GET', url: '/page/data' })).statusCode).toBe(401);
  });

  it('do not open a controller marked only on its class, nor unknown paths', async () => {
    expect((await app.inject({ method: 'GET', url: '/class-open' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/page/nowhere' })).statusCode).toBe(401);
  });
});
