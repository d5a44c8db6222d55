/**
 * Which files of the build context `.dockerignore` lets into a build, by Docker's rules: patterns
 * are matched against the path from the context's root (`*` and `?` within one segment, `**` across
 * any number), a pattern that matches a folder matches everything in it, and the last pattern that
 * matches decides (`!` lets a path back in).
 */
export interface ContextFilter {
  /** Whether the file or folder at `path` (relative to the context, `/`-separated) reaches the build. */
  includes(path: string): boolean;
}

interface Pattern {
  readonly exclude: boolean;
  readonly regex: RegExp;
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*' && pattern[index + 1] === '*') {
      // `**/` matches no folder as well as any number of them.
      const slash = pattern[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Docker cleans each pattern like a path: no leading `/` or `./`, no trailing `/`. */
function clean(pattern: string): string {
  return pattern.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
}

export function contextFilter(dockerignore: string): ContextFilter {
  const patterns: Pattern[] = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('!') ? { exclude: false, regex: toRegex(clean(line.slice(1).trim())) } : { exclude: true, regex: toRegex(clean(line)) }));
  return {
    includes(path: string): boolean {
      const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
      const prefixes = segments.map((_segment, index) => segments.slice(0, index + 1).join('/'));
      let excluded = false;
      for (const pattern of patterns) {
        if (prefixes.some((prefix) => pattern.regex.test(prefix))) excluded = pattern.exclude;
      }
      return !excluded;
    },
  };
}
