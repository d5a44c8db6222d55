import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addScrapeTargets } from '../src/components/prometheus-config';

describe('scrape targets for a running Prometheus (file discovery)', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ledger-targets-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('given files a killed run left, when a run lists its instances, only its current jobs remain, each one file of its addresses', () => {
    writeFileSync(join(folder, 'cluster.transfer-processor.json'), '[]');
    writeFileSync(join(folder, 'other.projector.json'), '[]');

    addScrapeTargets(folder, 'cluster', [
      { job: 'projector', address: '127.0.0.1:3002' },
      { job: 'projector', address: '127.0.0.1:3012' },
      { job: 'query-api', address: '127.0.0.1:3001' },
    ]);

    expect(readdirSync(folder).sort()).toEqual(['cluster.projector.json', 'cluster.query-api.json', 'other.projector.json']);
    expect(JSON.parse(readFileSync(join(folder, 'cluster.projector.json'), 'utf8'))).toEqual([{ targets: ['127.0.0.1:3002', '127.0.0.1:3012'] }]);
  });

  it('takes its own files away again, and leaves another source\'s', () => {
    writeFileSync(join(folder, 'other.projector.json'), '[]');
    const remove = addScrapeTargets(folder, 'cluster', [{ job: 'projector', address: '127.0.0.1:3012' }]);

    remove();

    expect(readdirSync(folder)).toEqual(['other.projector.json']);
  });

  it.each(['Projector', 'a.b', 'x/y', '*', ''])('refuses the job name %j, which would not fit the file pattern', (job) => {
    expect(() => addScrapeTargets(folder, 'cluster', [{ job, address: '127.0.0.1:3000' }])).toThrow(/must match/);
    expect(readdirSync(folder)).toEqual([]);
  });
});
