// One jest configuration, five tiers chosen by file suffix (unit, int, e2e, fault, browser), plus an
// opt-in soak tier. Every tier but unit starts the local stack (their global setup); the unit tier
// never waits for a server.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '^.+\\.js$': ['<rootDir>/infra/local/jest/swc-es-module.cjs', { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  // NestJS 12, two dependencies of @fastify/static, @fastify/middie's path-to-regexp and
  // @platformatic/kafka ship only as ES modules, which jest's own CommonJS runtime cannot
  // require(); swc compiles them to CommonJS for tests. (A package nested in another's
  // node_modules is compiled only when every package on its path is listed.)
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs/|content-disposition/|cookie/|@platformatic/|@fastify/middie/|path-to-regexp/|jose/))'],
  // Workspace packages resolve to their TypeScript sources in tests, to dist/ at run time.
  testEnvironmentOptions: { customExportConditions: ['@ledger/source', 'node', 'node-addons'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

const everywhere = (suffix) => [`<rootDir>/{apps,packages,infra,tests}/**/*.${suffix}.spec.ts`];

module.exports = {
  reporters: ['default', '<rootDir>/infra/local/jest/summary-reporter.cjs'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: everywhere('unit') },
    {
      ...shared,
      displayName: 'int',
      testMatch: everywhere('int'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-int.cjs'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: everywhere('e2e'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup-e2e.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-e2e.cjs'],
    },
    // Servers killed, frozen and restarted under load, on a private stack (part of `npm test`).
    {
      ...shared,
      displayName: 'fault',
      testMatch: everywhere('fault'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup-e2e.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-e2e.cjs'],
    },
    // The operator console in a real Chromium (playwright-core), against the stack and built apps.
    {
      ...shared,
      displayName: 'browser',
      testMatch: everywhere('browser'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup-browser.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-e2e.cjs'],
    },
    // Opt-in (`npm run test:image`): builds the real image with Debian's Buildah and runs it with
    // runc (root, apt and a few minutes), not part of `npm test`; the e2e tier replays it instead.
    {
      ...shared,
      displayName: 'image',
      testMatch: everywhere('image'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-e2e.cjs'],
    },
    // Opt-in (`npm run test:soak`): minutes of load, not part of `npm test`.
    {
      ...shared,
      displayName: 'soak',
      testMatch: everywhere('soak'),
      globalSetup: '<rootDir>/infra/local/jest/global-setup-e2e.cjs',
      globalTeardown: '<rootDir>/infra/local/jest/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/infra/local/jest/timeout-soak.cjs'],
    },
  ],
};
