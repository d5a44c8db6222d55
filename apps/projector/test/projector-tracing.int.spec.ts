import { randomUUID } from 'node:crypto';
import { AccountFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';
import { projectorUnderTest, type ProjectorUnderTest } from './support/projector-under-test';

interface LogLine {
  readonly 'log.level': string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** One request can be followed into the projector: its correlation id and traceparent are on the projector's log lines. */
describe('projector logs carry the trace context of the events they are about', () => {
  const lines: LogLine[] = [];
  let projector: ProjectorUnderTest;

  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
    projector = await projectorUnderTest({ LOG_LEVEL: 'debug', PROJECTIONS: 'account-summary' }, destination);
  });
  afterAll(() => projector.dispose());

  it('each applied event at debug, each batch with its correlation ids, a dead letter at error', async () => {
    const account = new AccountFixture();
    const correlationId = randomUUID();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    await projector.publish([account.opened()], { correlationId, traceparent });
    await projector.publishRaw(account.streamId, 'ledger.account.money-deposited', { accountId: account.accountId });

    const applied = await eventually(
      () => Promise.resolve(lines.filter((line) => line.message === 'event applied' && line['streamId'] === account.streamId)),
      (found) => found.length === 1,
    );
    expect(applied[0]).toMatchObject({ 'log.level': 'debug', projection: 'account-summary', correlationId, traceparent, revision: '0', type: 'ledger.account.opened' });
    expect(lines.some((line) => line.message === 'batch applied' && (line['correlationIds'] as string[]).includes(correlationId))).toBe(true);
    const deadLettered = await eventually(
      () => Promise.resolve(lines.filter((line) => line.message.startsWith('event dead-lettered') && line['streamId'] === account.streamId)),
      (found) => found.length === 1,
    );
    expect(deadLettered[0]).toMatchObject({ 'log.level': 'error', revision: '1', attempts: 1, error: { message: expect.any(String) as unknown } });
  });
});
