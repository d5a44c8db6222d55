import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesDir, ruleTestFiles } from './rules-files';

// What promtool cannot check: that every alert is tested both ways, carries what an operator needs,
// and points at documentation that exists. Plain text matching: the files are ours and regular.
const alertsText = readFileSync(join(rulesDir, 'alerts.yml'), 'utf8');
const testsText = ruleTestFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
const operations = readFileSync(join(rulesDir, '..', '..', '..', 'docs', 'operations.md'), 'utf8');

/** Each alert's name and its rule text, up to the next alert or group. */
const alerts = alertsText
  .split(/^\s+- (?=alert: )/m)
  .slice(1)
  .map((block) => ({ name: /^alert: (\w+)/.exec(block)?.[1] ?? '', rule: block.split(/^\s+- name: /m)[0] ?? '' }));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchors = new Set(
  [...operations.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading = '']) =>
    heading.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-'),
  ),
);

/** The `exp_alerts` of every `alert_rule_test` entry naming the alert: `[]` or a list. */
function expectations(name: string): string[] {
  const pattern = new RegExp(`alertname: ${name}\\n\\s+eval_time: \\S+\\n\\s+exp_alerts:(.*)`, 'g');
  return [...testsText.matchAll(pattern)].map(([, rest = '']) => rest.trim());
}

describe('alert rules', () => {
  it('are found in alerts.yml', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const { name } of alerts) expect(name).toMatch(/^Ledger[A-Z]\w+$/);
  });

  it.each(alerts.map((alert) => [alert.name, alert.rule]))('%s has a severity, a summary, a description and a runbook that exists', (_name, rule) => {
    expect(rule).toMatch(/severity: (page|ticket)\n/);
    expect(rule).toMatch(/summary: \S/);
    expect(rule).toMatch(/description: \S/);
    const runbook = /runbook: docs\/operations\.md#([\w-]+)/.exec(rule)?.[1];
    expect(anchors).toContain(runbook);
  });

  it.each(alerts.map((alert) => [alert.name]))('%s has promtool tests where it fires and where it stays silent', (name) => {
    const expected = expectations(name);
    expect(expected.filter((exp) => exp !== '[]')).not.toHaveLength(0);
    expect(expected).toContain('[]');
  });

  it.each(alerts.map((alert) => [alert.name]))('%s is in the alerts table of docs/operations.md', (name) => {
    expect(operations).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});
