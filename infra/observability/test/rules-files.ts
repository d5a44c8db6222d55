import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the Prometheus rules and their promtool unit tests live, for the rules specs. */
export const rulesDir = join(__dirname, '..', 'rules');
export const ruleFiles = ['recording.yml', 'alerts.yml'].map((name) => join(rulesDir, name));
/** Every `*.test.yml` under rules/tests, so a new test file cannot be forgotten by the spec. */
export const ruleTestFiles = readdirSync(join(rulesDir, 'tests'))
  .filter((name) => name.endsWith('.test.yml'))
  .sort()
  .map((name) => join(rulesDir, 'tests', name));
