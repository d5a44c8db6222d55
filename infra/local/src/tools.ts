import { spawnSync } from 'node:child_process';
import { StackError } from './stack-error';

/** How to get each external tool, named in the error when it is missing. */
const installHints: Record<string, string> = {
  java: 'install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or put java on PATH',
  mvn: 'install Apache Maven (Debian: apt-get install maven) or put mvn on PATH',
  go: 'install Go 1.22 or newer (Debian 12 golang-go is 1.19, too old) and put go on PATH',
  'apt-get': 'Redis and Prometheus come from Debian\'s packages: on another system install Redis 7 and put redis-server on PATH, or set REDIS_URL (and PROMETHEUS_URL)',
  'dpkg-deb': 'Redis and Prometheus come from Debian\'s packages: on another system install Redis 7 and put redis-server on PATH, or set REDIS_URL (and PROMETHEUS_URL)',
  unshare: 'install util-linux (Debian: apt-get install util-linux), needed to run PostgreSQL as non-root when you are root',
};

/** Fails with a one-line fix when `tool` is not on PATH; returns its `--version`-style output. */
export function requireTool(tool: string, versionArgs: readonly string[] = ['--version']): string {
  const probe = spawnSync(tool, versionArgs, { encoding: 'utf8' });
  if (probe.error !== undefined) {
    throw new StackError(`${tool} not found: ${installHints[tool] ?? `install ${tool}`}`);
  }
  return `${probe.stdout}${probe.stderr}`;
}

/** The major version of the `java` on PATH (8 for "1.8.0_x", 17 for "17.0.15"). */
export function javaMajorVersion(): number {
  const output = requireTool('java', ['-version']);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (match?.[1] === undefined) throw new StackError(`cannot read the java version from: ${output.split('\n')[0] ?? ''}`);
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}
