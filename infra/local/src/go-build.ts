import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runStep } from './run-step';
import { requireTool } from './tools';

/** Where a Go build keeps its modules and its output, and what it says when it fails. */
export interface GoBuildSettings {
  /**
   * GOMODCACHE: kept in the download cache, so a rebuild (a bumped pin, a changed source)
   * downloads nothing it already has. Builds that share modules may share one.
   */
  readonly moduleCache: string;
  readonly logFile: string;
  /** The one-line error when a step fails; the log file is named after it. */
  readonly failure: string;
}

/**
 * Runs one `go` command with the machine's own toolchain (GOTOOLCHAIN=local: a build must never
 * fetch a compiler behind the user's back) and the given module cache, its output in the log.
 */
export function goStep(settings: GoBuildSettings, cwd: string, args: readonly string[], timeoutMs: number, goFlags = '-mod=mod'): Promise<void> {
  // nice: a first build keeps both cores busy for minutes, on machines where tests run beside it.
  const env = { ...process.env, GOFLAGS: goFlags, GOMODCACHE: settings.moduleCache, GOTOOLCHAIN: 'local' };
  return runStep({ command: 'nice', args: ['go', ...args], cwd, env, logFile: settings.logFile, failure: settings.failure, timeoutMs });
}

export interface GoBuildOptions {
  /** GOFLAGS; `-mod=readonly` for a module whose go.sum is checked in and must not move. */
  readonly goFlags?: string;
  /** What a program's own release build stamps in (`-X pkg.version=…`). */
  readonly ldflags?: string;
}

/**
 * `go build -o binary`, built beside and renamed into place: a build killed halfway never leaves
 * a file that a later run would take for a finished binary.
 */
export async function goBuildInto(settings: GoBuildSettings, cwd: string, binary: string, packages: readonly string[], options: GoBuildOptions = {}): Promise<void> {
  requireTool('go', ['version']);
  const partial = `${binary}.partial`;
  rmSync(partial, { force: true });
  const ldflags = options.ldflags === undefined ? [] : ['-ldflags', options.ldflags];
  await goStep(settings, cwd, ['build', '-trimpath', ...ldflags, '-o', partial, ...packages], 30 * 60_000, options.goFlags);
  renameSync(partial, binary);
}

/**
 * Builds a Go program at an exact version from the module proxy, as jaeger.ts does: a throwaway
 * module records it as a tool (`go get -tool program@version`), then `go build` builds it from
 * that module's requirements, which are the program's own go.mod at that version. Unlike
 * `go install program@version`, it also builds a module that has replace directives (they are
 * ignored, as for any dependency), and the module cache it fills is the caller's, kept for rebuilds.
 */
export async function buildGoTool(settings: GoBuildSettings, program: string, version: string, binary: string, workDir: string, ldflags?: string): Promise<void> {
  requireTool('go', ['version']);
  const module = join(workDir, 'module');
  rmSync(module, { recursive: true, force: true });
  mkdirSync(module, { recursive: true });
  await goStep(settings, module, ['mod', 'init', 'ledger.local/tool-build'], 60_000);
  await goStep(settings, module, ['get', '-tool', `${program}@${version}`], 10 * 60_000);
  await goBuildInto(settings, module, binary, [program], ldflags === undefined ? {} : { ldflags });
  rmSync(module, { recursive: true, force: true });
}
