import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transform } from 'class-transformer';
import { IsIn, IsString } from 'class-validator';
import { createApp } from './create-app';

/** How often class-transformer built a DepositRequest's `amount`: zero means no transformation ran. */
let amountsTransformed = 0;
const accepted: unknown[] = [];

class DepositRequest {
  @Transform(({ value }: { value: unknown }) => {
    amountsTransformed++;
    return value;
  })
  @IsString()
  amount!: string;

  @IsIn(['EUR', 'USD'])
  currency!: string;
}

@Controller('test')
class DepositController {
  @Post('deposits')
  deposit(@Body() request: DepositRequest): { amount: string } {
    accepted.push(request);
    return { amount: request.amount };
  }
}

@Module({ controllers: [DepositController] })
class TestModule {}

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON request bodies of an app built by createApp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp({
      name: 'test-api',
      rootModule: TestModule,
      config: { host: '127.0.0.1', port: 3000, logLevel: 'silent' },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    amountsTransformed = 0;
    accepted.length = 0;
  });

  const postJson = async (payload: string) => {
    const response = await app.inject({ method: 'POST', url: '/test/deposits', payload, headers: { 'content-type': 'application/json' } });
    return { status: response.statusCode, contentType: response.headers['content-type'], body: response.json<Record<string, unknown>>() };
  };
  const nothingReachedTheHandler = () => expect({ amountsTransformed, accepted }).toEqual({ amountsTransformed: 0, accepted: [] });

  it('accepts a valid body as before', async () => {
    expect(await postJson('{"amount":"1.00","currency":"EUR"}')).toMatchObject({ status: 201, body: { amount: '1.00' } });
    expect(amountsTransformed).toBe(1);
  });

  it('answers 3,000 levels of nesting in an unknown field with a 400 problem naming the place, not a 500', async () => {
    const answer = await postJson(`{"amount":"1.00","currency":"EUR","x":${nestedArrays(3_000)}}`);

    expect(answer).toMatchObject({ status: 400, contentType: 'application/problem+json; charset=utf-8', body: { code: 'VALIDATION_FAILED' } });
    expect(answer.body['errors']).toEqual([
      { field: `x${'.0'.repeat(31)}`, message: 'nests deeper than 32 levels of objects and arrays' },
    ]);
    nothingReachedTheHandler();
  });

  it('answers a repeated member name with a 400 problem naming it, escaped spellings included', async () => {
    for (const body of ['{"amount":"1.00","currency":"EUR","amount":"99999.00"}', '{"amount":"1.00","currency":"EUR","\\u0061mount":"99999.00"}']) {
      const answer = await postJson(body);

      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', detail: 'The request has 1 invalid field.' } });
      expect(answer.body['errors']).toEqual([{ field: 'amount', message: 'property amount appears more than once' }]);
    }
    nothingReachedTheHandler();
  });

  it('refuses an unknown field without transforming it, and still reports the known fields’ errors', async () => {
    const answer = await postJson(`{"amount":"1.00","currency":"GBP","x":{"y":${nestedArrays(30)}}}`);

    expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(answer.body['errors']).toEqual([
      { field: 'x', message: 'property x should not exist' },
      { field: 'currency', message: expect.stringMatching(/currency must be one of/) as unknown },
    ]);
    expect(accepted).toEqual([]);
  });

  it('still refuses __proto__ and constructor.prototype as malformed JSON', async () => {
    for (const body of ['{"amount":"1.00","currency":"EUR","__proto__":{"x":1}}', '{"amount":"1.00","currency":"EUR","constructor":{"prototype":{"x":1}}}']) {
      expect(await postJson(body)).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    }
    nothingReachedTheHandler();
  });

  it('still answers an empty or malformed body with MALFORMED_JSON', async () => {
    expect(await postJson('')).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    expect(await postJson('{"amount":"1.00",')).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
  });

  it('parses application/json with parameters, and still refuses other media types with 415', async () => {
    const withCharset = await app.inject({
      method: 'POST',
      url: '/test/deposits',
      payload: '{"amount":"1.00","currency":"EUR","amount":"2.00"}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    const asText = await app.inject({ method: 'POST', url: '/test/deposits', payload: '{}', headers: { 'content-type': 'text/plain' } });

    expect(withCharset.statusCode).toBe(400);
    expect(asText.statusCode).toBe(415);
  });
});
