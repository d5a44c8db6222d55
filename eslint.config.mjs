// Type-checked lint for the whole workspace. The module-boundary constraints below are the
// dependency table of ARCHITECTURE.md, enforced rather than hoped for.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const technologyImports = [
  { group: ['@nestjs/*'], message: 'The domain is framework-free (STYLE.md): wire Nest in apps/* or packages/platform.' },
  { group: ['pg', 'pg-*'], message: 'The domain does no I/O: PostgreSQL belongs in an adapter package.' },
  { group: ['mongodb'], message: 'The domain does no I/O: MongoDB belongs in packages/projections.' },
  { group: ['kafkajs'], message: 'The domain does no I/O: Kafka belongs in packages/messaging.' },
  { group: ['@eventstore/*', '@kurrent/*'], message: 'The domain does no I/O: KurrentDB (EventStoreDB) belongs in packages/event-store.' },
  { group: ['class-validator', 'class-transformer'], message: 'Validation DTOs live at the edge (apps/*).' },
  { group: ['rxjs', 'rxjs/*'], message: 'The domain is plain functions, no streams.' },
  { group: ['crypto', 'node:*'], message: 'The domain never reads a clock, random numbers or ids: they arrive in command metadata.' },
];

// Test doubles (tag layer:test-support) are for tests only: specs, test/ folders and testing entries.
const testOnlyImports = [
  { group: ['@ledger/kurrentdb-stand-in', '@ledger/kurrentdb-stand-in/*'], message: 'The KurrentDB stand-in is a test double: import it from tests only.' },
];
const testFiles = ['**/*.spec.ts', '**/test/**/*.ts', '**/src/testing/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '.local/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...nx.configs['flat/base'],
  {
    // The operator console's page: plain browser ES modules, type-checked from JSDoc by the
    // projector's typecheck (apps/projector/console/tsconfig.json), no Node.
    files: ['apps/projector/console/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The benchmarks drive the local stack through its own code; infra/local is tooling,
          // not a published package, so it has no import name to use instead of a path. An app's
          // tests run a private replica of the stack's PostgreSQL, or a private PgBouncer in front
          // of it, with their helpers the same way, and the system tests put the nginx gateway in
          // front of the apps they start. The compose checks (infra/compose) render the gateway's
          // and Prometheus's configs with the stack's own renderers, and hold each compose
          // service's environment against the config schema its app (or `ledger migrate`) loads
          // (the regex: any app's `src/**/<name>.config` or `<name>-config`).
          allow: [
            '../../local/src/**',
            '^\\.\\./\\.\\./\\.\\./apps/[a-z-]+/src/(?:[a-z-]+/)*[a-z-]+[.-]config$',
            '../infra/local/src/**',
            '../../../infra/local/src/replication/private-replica',
            '../../../infra/local/src/pooling/private-pgbouncer',
            '../../../infra/local/src/gateway/gateway',
            '../../../../infra/local/src/gateway/gateway',
            '../../../../infra/local/src/replication/private-replica',
            // The production-image test replays infra/docker/Dockerfile with the stack's image tooling.
            '../../../infra/local/src/image',
            // The Helm chart's test (infra/helm/test) holds each rendered workload's environment to
            // its app's config schema with the compose checks' own judgement of an environment.
            '../../compose/src/app-environment',
          ],
          banTransitiveDependencies: true,
          depConstraints: [
            { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: ['layer:domain'] },
            // Test support (the KurrentDB stand-in) is reached from tests only: see testOnlyImports.
            { sourceTag: 'layer:adapter', onlyDependOnLibsWithTags: ['layer:domain', 'layer:adapter', 'layer:test-support'] },
            { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: ['layer:domain', 'layer:adapter', 'layer:runtime'] },
            { sourceTag: 'layer:platform', onlyDependOnLibsWithTags: ['layer:platform'] },
            { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:domain', 'layer:adapter', 'layer:runtime', 'layer:platform', 'layer:test-support'] },
            { sourceTag: 'layer:infra', onlyDependOnLibsWithTags: ['layer:adapter', 'layer:platform'] },
            // The system tests drive every app from outside and check the stores against the domain's fold.
            { sourceTag: 'layer:system', onlyDependOnLibsWithTags: ['layer:domain', 'layer:adapter', 'layer:runtime', 'layer:platform', 'layer:test-support'] },
            // A test double depends on no workspace package, so every package's tests may use it.
            { sourceTag: 'layer:test-support', onlyDependOnLibsWithTags: [] },
            // The benchmarks measure every stage with its own code (the projector's rebuild among them), apps excepted.
            { sourceTag: 'layer:bench', onlyDependOnLibsWithTags: ['layer:domain', 'layer:adapter', 'layer:runtime', 'layer:platform'] },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @ledger/platform config, validated once at boot (STYLE.md).',
        },
      ],
    },
  },
  {
    // Config is read from the environment in exactly one place; CLIs, tooling, benchmarks and tests
    // (which receive the stack's addresses from the jest global setup) may read it too.
    files: [
      'packages/platform/src/config/**/*.ts',
      'infra/**/*.ts',
      'bench/**/*.ts',
      '**/*.spec.ts',
      '**/test/**/*.ts',
      '**/src/testing/**/*.ts',
      '**/cli/**/*.ts',
      'packages/kurrentdb-stand-in/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off', 'no-console': 'off' },
  },
  {
    files: ['**/*.ts'],
    ignores: [...testFiles, 'packages/kurrentdb-stand-in/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: testOnlyImports }] },
  },
  {
    files: ['packages/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...technologyImports, ...testOnlyImports] }],
      'no-restricted-globals': [
        'error',
        { name: 'crypto', message: 'Ids arrive in command metadata; the domain never makes them.' },
        { name: 'process', message: 'The domain reads no environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The domain never reads a clock: occurredAt arrives in metadata.' },
        { object: 'Math', property: 'random', message: 'The domain is deterministic: no random numbers.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain never reads a clock: occurredAt arrives in metadata.',
        },
      ],
    },
  },
  {
    // The domain's testing entry makes fresh ids so every test owns its streams; the model never does.
    files: ['packages/domain/src/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: technologyImports.filter((rule) => !rule.group.includes('node:*')) }],
    },
  },
  {
    files: ['packages/event-store/src/port/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['pg', '@eventstore/*', '@kurrent/*'], message: 'A port names no technology; adapters do.' }, ...testOnlyImports] },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
