import { createApp, loadConfig } from '@ledger/platform';
import { bearerFor, TEST_OPERATOR } from '@ledger/platform/testing';
import { eventually } from '@ledger/event-store/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventRelayConfigSchema } from '../src/event-relay.config';
import { EventRelayModule } from '../src/event-relay.module';
import { appendToAccounts, relayTestBed, type RelayTestBed } from './relay.harness';

/** `GET /relay`: where the relay stands, for operators (the projector's console forwards its operator's token here). */
describe('GET /relay', () => {
  let bed: RelayTestBed;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    bed = await relayTestBed('relay_status');
    const config = loadConfig(eventRelayConfigSchema, { ...process.env, ...bed.env, LOG_LEVEL: 'silent' });
    // As main.ts builds it; the relay starts once the app is initialised.
    app = await createApp({ name: 'event-relay', rootModule: EventRelayModule, config, auth: { settings: config } });
  });
  afterAll(async () => {
    await app.close();
    await bed.dispose();
  });

  const status = async (headers: Record<string, string>) => {
    const answer = await app.inject({ method: 'GET', url: '/relay', headers });
    return { status: answer.statusCode, body: answer.json<Record<string, unknown>>() };
  };

  it('answers an operator with the role, the checkpoint, the store head and the lag, positions as strings', async () => {
    const operator = await bearerFor(TEST_OPERATOR.subject, TEST_OPERATOR.roles);
    const events = await appendToAccounts(bed.store, 2, 3);
    const head = events.reduce((max, event) => (event.position > max ? event.position : max), 0n);

    const caughtUp = await eventually(() => status(operator), (answer) => answer.body['checkpoint'] === head.toString());

    expect(caughtUp).toEqual({
      status: 200,
      body: { role: 'leader', checkpoint: head.toString(), head: head.toString(), lag: '0', lagSeconds: 0, failure: null },
    });
  });

  it('is for operators alone: 401 without a token, 403 to customers and tellers', async () => {
    expect(await status({})).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await status(await bearerFor('cust-relay', ['customer']))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await status(await bearerFor('teller-relay', ['teller']))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});
