import { defaultClusterCounts, instanceEnv, parseClusterArguments, planCluster } from '../src/run/cluster-plan';

const stackEnv = {
  DATABASE_URL: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
  READ_DATABASE_URL: 'postgres://ledger:ledger@127.0.0.1:55433/ledger',
  KAFKA_BROKERS: '127.0.0.1:19092',
};

describe('npm run cluster arguments', () => {
  it('default to two of everything but one transfer processor', () => {
    expect(parseClusterArguments([])).toEqual({ commandApis: 2, queryApis: 2, projectors: 2, relays: 2, transferProcessors: 1 });
    expect(parseClusterArguments([])).toEqual(defaultClusterCounts);
  });

  it('take counts in either form, next to --with profiles', () => {
    expect(parseClusterArguments(['--command-apis', '3', '--with', 'observability', '--query-apis=1', '--transfer-processors', '0', '--with=cluster'])).toEqual({
      commandApis: 3,
      queryApis: 1,
      projectors: 2,
      relays: 2,
      transferProcessors: 0,
    });
  });

  it('refuse unknown flags, and counts the gateway cannot work with', () => {
    expect(() => parseClusterArguments(['--commands', '2'])).toThrow(/unknown argument "--commands"/);
    expect(() => parseClusterArguments(['--query-apis', '0'])).toThrow(/--query-apis takes a whole number from 1 to 9, not "0"/);
    expect(() => parseClusterArguments(['--relays', 'two'])).toThrow(/--relays takes/);
    expect(() => parseClusterArguments(['--projectors'])).toThrow(/--projectors takes/);
    expect(() => parseClusterArguments(['--relays', '10'])).toThrow(/from 0 to 9/);
  });
});

describe('the cluster plan', () => {
  const counts = { commandApis: 2, queryApis: 2, projectors: 1, relays: 2, transferProcessors: 1 };

  it("gives each instance npm start's port plus ten per instance, and a label", () => {
    const planned = planCluster(counts, 3000, stackEnv);
    expect(planned.map((instance) => `${instance.label}:${instance.port}`)).toEqual([
      'command-api#1:3000',
      'command-api#2:3010',
      'query-api#1:3001',
      'query-api#2:3011',
      'projector#1:3002',
      'event-relay#1:3003',
      'event-relay#2:3013',
      'transfer-processor#1:3005',
    ]);
    expect(planned.find((instance) => instance.label === 'query-api#2')?.env['QUERY_API_PORT']).toBe('3011');
    expect(new Set(planCluster({ commandApis: 9, queryApis: 9, projectors: 9, relays: 9, transferProcessors: 9 }, 40_000, stackEnv).map((i) => i.port)).size).toBe(45);
  });

  it('gives the replica to the query APIs only, and keeps DATABASE_URL direct without PgBouncer', () => {
    const planned = planCluster(counts, 3000, stackEnv);
    const env = (label: string) => {
      const instance = planned.find((candidate) => candidate.label === label);
      if (instance === undefined) throw new Error(`no ${label} planned`);
      return instanceEnv({ ...stackEnv, PATH: '/bin' }, instance);
    };
    expect(env('query-api#1')).toMatchObject({ READ_DATABASE_URL: stackEnv.READ_DATABASE_URL, DATABASE_URL: stackEnv.DATABASE_URL, PATH: '/bin' });
    for (const label of ['command-api#1', 'projector#1', 'event-relay#2', 'transfer-processor#1']) {
      expect({ label, replica: env(label)['READ_DATABASE_URL'], database: env(label)['DATABASE_URL'] }).toEqual({ label, replica: undefined, database: stackEnv.DATABASE_URL });
    }
    expect(env('command-api#1')['DATABASE_DIRECT_URL']).toBeUndefined();
  });

  it('sends the command and query APIs through PgBouncer when the stack has one, and keeps the direct URL beside it', () => {
    const pooled = 'postgres://ledger:ledger@127.0.0.1:56432/ledger';
    const planned = planCluster(counts, 3000, { ...stackEnv, POOLED_DATABASE_URL: pooled });
    const envOf = (label: string) => planned.find((instance) => instance.label === label)?.env ?? {};
    for (const label of ['command-api#2', 'query-api#1']) {
      expect(envOf(label)).toMatchObject({ DATABASE_URL: pooled, DATABASE_DIRECT_URL: stackEnv.DATABASE_URL });
    }
    for (const label of ['projector#1', 'event-relay#1', 'transfer-processor#1']) {
      expect({ label, database: envOf(label)['DATABASE_URL'] }).toEqual({ label, database: undefined });
    }
  });

  it('points the projectors at the first relay, and the apps behind the gateway at its address, unless the run says otherwise', () => {
    const planned = planCluster(counts, 4000, stackEnv);
    const projector = planned.find((instance) => instance.name === 'projector');
    expect(projector?.env).toMatchObject({ RELAY_URL: 'http://127.0.0.1:4003', TRUST_PROXY: '127.0.0.1' });
    const chosen = planCluster(counts, 4000, stackEnv, { RELAY_URL: 'http://relay:1', TRUST_PROXY: '10.0.0.0/8' }).find((instance) => instance.name === 'projector');
    expect(chosen?.env).toMatchObject({ RELAY_URL: 'http://relay:1', TRUST_PROXY: '10.0.0.0/8' });
    expect(planCluster({ ...counts, relays: 0 }, 4000, stackEnv).find((instance) => instance.name === 'projector')?.env['RELAY_URL']).toBeUndefined();
  });
});
