import { Body, Controller, Delete, Get, Module, Param, Post, Put } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './create-app';
import { DeclaredRoutes } from './declared-routes';

@Controller('accounts')
class AccountsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Put(':id')
  put(@Param('id') id: string) {
    return { id };
  }

  @Post(':id/deposits')
  deposit(@Body() body: unknown) {
    return { body };
  }

  @Delete(':id/deposits/:depositId')
  remove() {
    return {};
  }
}

@Module({ controllers: [AccountsController] })
class AccountsModule {}

describe('405 Method Not Allowed for an app built by createApp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp({ name: 'test-api', rootModule: AccountsModule, config: { host: '127.0.0.1', port: 3000, logLevel: 'silent' } });
  });
  afterAll(() => app.close());

  it.each([
    ['POST', '/accounts/42', 'GET, HEAD, PUT'],
    ['DELETE', '/accounts/42?x=1', 'GET, HEAD, PUT'],
    ['GET', '/accounts/42/deposits', 'POST'],
    ['PATCH', '/accounts/42/deposits/7', 'DELETE'],
    ['POST', '/health', 'GET, HEAD'],
    ['PUT', '/metrics', 'GET, HEAD'],
    ['DELETE', '/docs/json', 'GET, HEAD'],
  ])('%s %s: 405 problem+json with Allow: %s and the correlation id', async (method, url, allow) => {
    const response = await app.inject({ method: method as 'POST', url, headers: { 'x-correlation-id': 'trace-405' } });

    expect(response.statusCode).toBe(405);
    expect(response.headers['allow']).toBe(allow);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['x-correlation-id']).toBe('trace-405');
    expect(response.json()).toEqual({
      type: 'urn:ledger:problem:method-not-allowed',
      title: 'Method not allowed',
      status: 405,
      detail: `${method} is not allowed on ${url.split('?')[0] ?? url}; it allows ${allow}.`,
      code: 'METHOD_NOT_ALLOWED',
    });
  });

  it('does not read the body of a request it refuses with 405', async () => {
    const response = await app.inject({ method: 'PUT', url: '/accounts/42/deposits', payload: 'not json', headers: { 'content-type': 'text/plain' } });

    expect(response.statusCode).toBe(405);
  });

  it.each([
    ['GET', '/nowhere'],
    ['POST', '/accounts'],
    ['GET', '/accounts/42/deposits/7/extra'],
    ['GET', '/accounts/42/withdrawals'],
  ])('%s %s: an unknown path stays 404 without Allow', async (method, url) => {
    const response = await app.inject({ method: method as 'GET', url });

    expect(response.statusCode).toBe(404);
    expect(response.headers['allow']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('leaves declared methods alone, HEAD of a GET included', async () => {
    expect((await app.inject({ method: 'GET', url: '/accounts/42' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/accounts/42' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: '/accounts/42' })).statusCode).toBe(200);
  });
});

describe('DeclaredRoutes', () => {
  const routes = new DeclaredRoutes();
  routes.add('GET', '/accounts/:id');
  routes.add(['POST', 'put'], '/accounts/:id');
  routes.add('GET', '/docs/*');
  routes.add('GET', '/a.b');

  it('matches parameters as one segment and * as the rest of the path', () => {
    expect(routes.methodsFor('/accounts/x')).toEqual(['GET', 'POST', 'PUT']);
    expect(routes.methodsFor('/accounts/x/y')).toEqual([]);
    expect(routes.methodsFor('/accounts/')).toEqual([]);
    expect(routes.methodsFor('/docs/static/index.css')).toEqual(['GET']);
  });

  it('takes literal segments literally', () => {
    expect(routes.methodsFor('/a.b')).toEqual(['GET']);
    expect(routes.methodsFor('/aXb')).toEqual([]);
  });
});
