import { Body, Controller, Get, Module, Post, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Type } from 'class-transformer';
import { IsIn, IsString, IsUUID, ValidateNested } from 'class-validator';
import { DomainErrorException } from '../errors/domain-error.exception';
import { createApp } from './create-app';

class AddressRequest {
  @IsString()
  city!: string;
}

class OpenAccountRequest {
  @IsUUID()
  ownerId!: string;

  @IsIn(['EUR', 'USD'])
  currency!: string;

  @ValidateNested()
  @Type(() => AddressRequest)
  address!: AddressRequest;
}

@Controller('test')
class TestController {
  @Post('accounts')
  open(@Body() request: OpenAccountRequest, @Req() http: FastifyRequest) {
    return { isDto: request instanceof OpenAccountRequest, correlationId: http.id };
  }

  @Get('crash')
  crash(): never {
    throw new Error('connect ECONNREFUSED postgres://ledger:hunter2@10.0.0.7:5432');
  }

  @Get('frozen')
  frozen(): never {
    throw new DomainErrorException({ code: 'ACCOUNT_FROZEN', message: 'The account is frozen.', balance: 1050n });
  }

  @Get('behind')
  behind(): never {
    throw new DomainErrorException({ code: 'READ_MODEL_BEHIND', message: 'Not there yet.', retryAfterSeconds: 2 });
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

const validRequest = { ownerId: '5b1f2a0e-8c1d-4c1e-9a39-3f1c2b7d9e10', currency: 'EUR', address: { city: 'Ghent' } };
const aString: unknown = expect.any(String);

interface InjectedResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, unknown>>;
  json(): unknown;
}

function expectProblem(response: InjectedResponse, status: number, code: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.json()).toMatchObject({ type: aString, title: aString, status, detail: aString, code });
}

describe('errors of an app built by createApp', () => {
  let app: NestFastifyApplication;
  const logLines: string[] = [];

  beforeAll(async () => {
    app = await createApp({
      name: 'test-api',
      rootModule: TestModule,
      config: { host: '127.0.0.1', port: 3000, logLevel: 'info' },
      domainErrorStatuses: { ACCOUNT_FROZEN: 422, READ_MODEL_BEHIND: 503 },
      logDestination: { write: (line: string) => void logLines.push(line) },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  const postJson = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/test/accounts',
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('accepts a valid request as a DTO instance, with the correlation id as the request id', async () => {
    const response = await postJson(JSON.stringify(validRequest), { 'x-correlation-id': 'client-chosen-1' });

    expect(response.statusCode).toBe(201);
    expect(response.headers['x-correlation-id']).toBe('client-chosen-1');
    expect(response.json()).toEqual({ isDto: true, correlationId: 'client-chosen-1' });
  });

  it('answers an unknown route with a 404 problem and echoes the correlation id', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-correlation-id': 'trace-404' } });

    expectProblem(response, 404, 'NOT_FOUND');
    expect(response.headers['x-correlation-id']).toBe('trace-404');
  });

  it('lists every invalid field, nested ones as dotted paths and unknown ones too', async () => {
    const response = await postJson(
      JSON.stringify({ ownerId: 'nope', currency: 'EUR', address: { city: 7 }, extra: true }),
    );

    expectProblem(response, 400, 'VALIDATION_FAILED');
    const { errors } = response.json<{ errors: { field: string; message: string }[] }>();
    expect(errors.map((error) => error.field).sort()).toEqual(['address.city', 'extra', 'ownerId']);
    expect(errors).toContainEqual({ field: 'extra', message: 'property extra should not exist' });
    expect(errors).toContainEqual({ field: 'address.city', message: 'city must be a string' });
  });

  it('answers a body that is not JSON with MALFORMED_JSON', async () => {
    const response = await postJson('{"ownerId": ');

    expectProblem(response, 400, 'MALFORMED_JSON');
    expect(response.json()).toMatchObject({ title: 'Malformed JSON', type: 'urn:ledger:problem:malformed-json' });
  });

  it('answers an empty JSON body with MALFORMED_JSON', async () => {
    expectProblem(await postJson(''), 400, 'MALFORMED_JSON');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers a %s body with 415',
    async (contentType) => {
      const response = await app.inject({
        method: 'POST',
        url: '/test/accounts',
        payload: 'ownerId=x',
        headers: { 'content-type': contentType, 'x-correlation-id': 'trace-415' },
      });

      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(response.headers['x-correlation-id']).toBe('trace-415');
    },
  );

  it('answers a body over 64 KiB with 413 and parses one of exactly 64 KiB', async () => {
    const ofSize = (size: number) => {
      const base = JSON.stringify({ ...validRequest, padding: '' });
      return base.replace('"padding":""', `"padding":"${'x'.repeat(size - base.length)}"`);
    };

    expectProblem(await postJson(ofSize(65_537)), 413, 'PAYLOAD_TOO_LARGE');
    // At the limit the body is parsed, and only validation objects to the padding.
    expectProblem(await postJson(ofSize(65_536)), 400, 'VALIDATION_FAILED');
  });

  it('answers a URL the router cannot decode with a 400 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/%zz', headers: { 'x-correlation-id': 'trace-url' } });

    expectProblem(response, 400, 'BAD_REQUEST');
    expect(response.headers['x-correlation-id']).toBe('trace-url');
  });

  it('answers an unexpected error with a bare 500 and logs the details instead', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/crash', headers: { 'x-correlation-id': 'trace-500' } });

    expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(response.body).not.toMatch(/ECONNREFUSED|hunter2|stack|at /);
    expect(response.headers['x-correlation-id']).toBe('trace-500');
    const logged = logLines.find((line) => line.includes('"message":"unhandled error"'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({ 'log.level': 'error', 'service.name': 'test-api', correlationId: 'trace-500', url: { original: '/test/crash' } });
    expect(logged).toContain('ECONNREFUSED');
  });

  it('answers a domain error with the status from the app table, facts included', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/frozen' });

    expectProblem(response, 422, 'ACCOUNT_FROZEN');
    expect(response.json()).toMatchObject({ detail: 'The account is frozen.', balance: '1050' });
  });

  it('adds Retry-After to a problem that says when to retry', async () => {
    const response = await app.inject({ method: 'GET', url: '/test/behind' });

    expectProblem(response, 503, 'READ_MODEL_BEHIND');
    expect(response.headers['retry-after']).toBe('2');
    expect((await app.inject({ method: 'GET', url: '/test/frozen' })).headers['retry-after']).toBeUndefined();
  });
});
