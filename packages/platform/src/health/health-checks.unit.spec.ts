import { HealthChecks } from './health-checks';

const never = () => new Promise<void>(() => undefined);
const aNumber: unknown = expect.any(Number);

describe('HealthChecks', () => {
  it('is up with no checks registered', async () => {
    await expect(new HealthChecks().run()).resolves.toEqual({ status: 'up', checks: {} });
  });

  it('is up when every check is up, with latencies and the details a check returns', async () => {
    const healthChecks = new HealthChecks();
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve() });
    healthChecks.register({ name: 'kafka', check: () => Promise.resolve({ brokers: 3 }) });

    await expect(healthChecks.run()).resolves.toEqual({
      status: 'up',
      checks: {
        postgres: { status: 'up', latencyMs: aNumber },
        kafka: { status: 'up', latencyMs: aNumber, details: { brokers: 3 } },
      },
    });
  });

  it('is down when one check fails, and says why', async () => {
    const healthChecks = new HealthChecks();
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve() });
    healthChecks.register({ name: 'mongodb', check: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:27018')) });

    const report = await healthChecks.run();

    expect(report.status).toBe('down');
    expect(report.checks['postgres']).toMatchObject({ status: 'up' });
    expect(report.checks['mongodb']).toEqual({ status: 'down', latencyMs: aNumber, error: 'ECONNREFUSED 127.0.0.1:27018' });
  });

  it('stays up while an optional check is down, reporting it down and optional', async () => {
    const healthChecks = new HealthChecks();
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve() });
    healthChecks.register({ name: 'mongodb', optional: true, check: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:27018')) });

    await expect(healthChecks.run()).resolves.toEqual({
      status: 'up',
      checks: {
        postgres: { status: 'up', latencyMs: aNumber },
        mongodb: { status: 'down', latencyMs: aNumber, error: 'ECONNREFUSED 127.0.0.1:27018', optional: true },
      },
    });
  });

  it('is down when a required check is down, whatever the optional ones say', async () => {
    const healthChecks = new HealthChecks();
    healthChecks.register({ name: 'postgres', check: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:55432')) });
    healthChecks.register({ name: 'mongodb', optional: true, check: () => Promise.resolve() });

    const report = await healthChecks.run();

    expect(report.status).toBe('down');
    expect(report.checks['mongodb']).toEqual({ status: 'up', latencyMs: aNumber, optional: true });
  });

  it('reports a check that never answers as down once its timeout passes', async () => {
    const healthChecks = new HealthChecks(20);
    healthChecks.register({ name: 'kafka', check: never });
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve() });

    const report = await healthChecks.run();

    expect(report).toMatchObject({ status: 'down', checks: { postgres: { status: 'up' } } });
    expect(report.checks['kafka']).toMatchObject({ status: 'down', error: 'no answer within 20 ms' });
  });

  it('runs the checks in parallel', async () => {
    const started: string[] = [];
    const healthChecks = new HealthChecks(1_000);
    for (const name of ['a', 'b']) {
      healthChecks.register({
        name,
        // Each check only finishes once both have started: sequential checks would time out.
        check: async () => {
          started.push(name);
          while (started.length < 2) await new Promise((resolve) => setImmediate(resolve));
        },
      });
    }

    await expect(healthChecks.run()).resolves.toMatchObject({ status: 'up' });
  });

  it('refuses two checks with the same name', () => {
    const healthChecks = new HealthChecks();
    healthChecks.register({ name: 'postgres', check: () => Promise.resolve() });

    expect(() => healthChecks.register({ name: 'postgres', check: () => Promise.resolve() })).toThrow(
      'A health check named "postgres" is already registered',
    );
  });
});
