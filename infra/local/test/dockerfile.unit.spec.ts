import { contextFilter } from '../src/image/docker-context';
import { assignments, execForm, expand, flagOf, parseDockerfile, stageChain, stageNamed } from '../src/image/dockerfile';

describe('parseDockerfile', () => {
  const dockerfile = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=node:24-slim',
      '',
      'FROM ${BASE} AS deps',
      'WORKDIR /app',
      '# a comment between instructions',
      'RUN --mount=type=cache,target=/root/.npm npm ci \\',
      '    # a comment inside a continuation',
      '    --omit=dev',
      'FROM deps AS final',
      'COPY --from=deps --chown=1:1 /app/a /app/b ./',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'LABEL a="two words" b=plain',
    ].join('\n'),
  );

  it('reads global ARGs and stages with their names and bases', () => {
    expect(dockerfile.globalArgs).toEqual(new Map([['BASE', 'node:24-slim']]));
    expect(dockerfile.stages.map(({ name, base, line }) => ({ name, base, line }))).toEqual([
      { name: 'deps', base: '${BASE}', line: 4 },
      { name: 'final', base: 'deps', line: 10 },
    ]);
  });

  it('joins continuation lines, skipping comments inside them, and splits off the flags', () => {
    const run = stageNamed(dockerfile, 'deps').instructions[1];
    expect(run).toEqual({ line: 7, keyword: 'RUN', flags: [{ name: 'mount', value: 'type=cache,target=/root/.npm' }], text: 'npm ci --omit=dev' });
    const copy = stageNamed(dockerfile, 'final').instructions[0];
    expect(copy && [flagOf(copy, 'from'), flagOf(copy, 'chown'), flagOf(copy, 'chmod'), copy.text]).toEqual(['deps', '1:1', undefined, '/app/a /app/b ./']);
  });

  it('follows a stage back to the one that starts from an image', () => {
    expect(stageChain(dockerfile, stageNamed(dockerfile, 'final')).map((stage) => stage.name)).toEqual(['deps', 'final']);
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(() => parseDockerfile('RUN echo before any FROM')).toThrow(/line 1: RUN before the first FROM/);
    expect(() => parseDockerfile('FROM a\nRUN echo \\')).toThrow(/continuation/);
    expect(() => stageNamed(dockerfile, 'nope')).toThrow(/no stage named nope/);
  });
});

describe('the values of instructions', () => {
  it('reads NAME=value pairs, quoted or not, and bare names', () => {
    expect(assignments('a="two \\"words\\"" b=plain c')).toEqual(
      new Map([
        ['a', 'two "words"'],
        ['b', 'plain'],
        ['c', undefined],
      ]),
    );
  });

  it('reads the exec form and tells it from the shell form', () => {
    expect(execForm('["ledger-app", "healthcheck"]')).toEqual(['ledger-app', 'healthcheck']);
    expect(execForm('ledger-app healthcheck')).toBeUndefined();
    expect(() => execForm('[1]')).toThrow(/strings/);
  });

  it('expands $NAME and ${NAME}, and refuses a name without a value', () => {
    expect(expand('/app/bin:$PATH:${X}', new Map([['PATH', '/bin'], ['X', 'x']]))).toBe('/app/bin:/bin:x');
    expect(() => expand('$NOPE', new Map())).toThrow(/\$NOPE has no value/);
  });
});

describe('contextFilter (.dockerignore)', () => {
  const filter = contextFilter(['# comment', '*', '!apps/', '!infra/docker/ledger-app', '**/node_modules', '**/dist', '**/.env*'].join('\n'));

  it('lets in what an exception names, with everything inside it', () => {
    expect(filter.includes('apps/command-api/src/main.ts')).toBe(true);
    expect(filter.includes('infra/docker/ledger-app')).toBe(true);
  });

  it('keeps out everything else, and what a later pattern excludes at any depth', () => {
    for (const path of ['README.md', 'infra/docker/Dockerfile', 'apps/projector/node_modules/x/index.js', 'apps/projector/dist/main.js', 'apps/projector/.env.local', '.git/HEAD']) {
      expect({ path, included: filter.includes(path) }).toEqual({ path, included: false });
    }
  });

  it('matches `**/` against no folder at all', () => {
    expect(contextFilter('**/dist').includes('dist/a.js')).toBe(false);
    expect(contextFilter('a/**/b').includes('a/b')).toBe(false);
    expect(contextFilter('a/*/b').includes('a/x/y/b')).toBe(true);
  });
});
