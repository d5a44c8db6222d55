import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The repository documents itself: a clone has nothing beside it, so every link in the README and
// docs/ must resolve inside the repository, and the configuration reference must name every
// environment variable the code reads. These tests keep both true as the code moves.

const repoRoot = resolve(__dirname, '..', '..', '..');
const docsDir = join(repoRoot, 'docs');
const markdownFiles = [join(repoRoot, 'README.md'), ...readdirSync(docsDir).filter((name) => name.endsWith('.md')).map((name) => join(docsDir, name))];

const read = (path: string): string => readFileSync(path, 'utf8');
const shown = (path: string): string => relative(repoRoot, path);

/** Markdown without fenced code blocks and inline code: links and headings inside code are text. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
  for (const match of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (match[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

interface Link {
  readonly file: string;
  readonly target: string;
}

function relativeLinksOf(file: string): Link[] {
  const links: Link[] = [];
  for (const match of prose(read(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1] ?? '';
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ file, target });
  }
  return links;
}

/** Why a relative link does not resolve, or undefined when it does. */
function brokenReason({ file, target }: Link): string | undefined {
  const [pathPart = '', anchor] = target.split('#', 2);
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  if (!path.startsWith(repoRoot + '/') && path !== repoRoot) return 'points outside the repository';
  if (!existsSync(path)) return 'names a file that does not exist';
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(path).isDirectory() || !path.endsWith('.md')) return 'has an anchor on something that is not a markdown file';
  return anchorsOf(read(path)).has(anchor) ? undefined : `names no heading of ${shown(path)}`;
}

describe('the README and docs/', () => {
  it('finds the documents it checks', () => {
    expect(markdownFiles.map(shown)).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/rest-contract.md', 'docs/operations.md', 'docs/configuration.md']),
    );
  });

  it('link only to files and headings inside the repository', () => {
    const links = markdownFiles.flatMap(relativeLinksOf);
    expect(links.length).toBeGreaterThan(10);
    const broken = links.flatMap((link) => {
      const reason = brokenReason(link);
      return reason === undefined ? [] : [`${shown(link.file)}: (${link.target}) ${reason}`];
    });
    expect(broken).toEqual([]);
  });

  it('never send a reader to ../shared, which a clone does not have', () => {
    const mentions = markdownFiles.filter((file) => read(file).includes('../shared')).map(shown);
    expect(mentions).toEqual([]);
  });

  it('resolve links the way GitHub does', () => {
    const anchors = anchorsOf('# A title\n## `$all` in order, without gaps\n## Command API (port 3000)\n## Command API (port 3000)\n```\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['a-title', 'all-in-order-without-gaps', 'command-api-port-3000', 'command-api-port-3000-1']);
    expect(brokenReason({ file: join(docsDir, 'operations.md'), target: 'configuration.md#no-such-heading' })).toBe('names no heading of docs/configuration.md');
    expect(brokenReason({ file: join(repoRoot, 'README.md'), target: '../shared/API.md' })).toBe('points outside the repository');
  });
});

const sourceRoots = ['apps', 'packages', 'infra', 'bench', 'tests'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'results'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|cjs|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

const name = '([A-Z][A-Z0-9_]*)';
/** Every way the code reads a variable: directly, or through a config schema or a helper named for it. */
const readsEverywhere = [new RegExp(`process\\.env\\.${name}\\b`, 'g'), new RegExp(`process\\.env\\[['"]${name}['"]\\]`, 'g')];
const readsOutsideSpecs = [
  new RegExp(`\\benv\\.(?:string|integer|port|url|list|oneOf|custom|sqlName)\\(\\s*['"]${name}['"]`, 'g'),
  new RegExp(`\\bplatformEnv\\(\\s*['"]${name}['"]`, 'g'),
  new RegExp(`\\b(?:portFrom|integerFrom)\\(\\s*['"]${name}['"]`, 'g'),
  new RegExp(`\\benvVariable:\\s*['"]${name}['"]`, 'g'),
  new RegExp(`\\brequired\\(\\s*['"]${name}['"]\\)`, 'g'),
  // A variable's former name, still read: `env.renamed(env.custom('NEW', ...), 'FORMER')`.
  new RegExp(`\\benv\\.renamed\\([^;]*?,\\s*['"]${name}['"]\\)`, 'g'),
];

/** Variable name → the files that read it. */
function variablesReadByCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceRoots.flatMap((root) => sourceFiles(join(repoRoot, root)))) {
    if (file === __filename) continue;
    const text = read(file);
    const patterns = file.endsWith('.spec.ts') ? readsEverywhere : [...readsEverywhere, ...readsOutsideSpecs];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const variable = match[1] ?? '';
        found.set(variable, [...(found.get(variable) ?? []), shown(file)]);
      }
    }
  }
  return found;
}

/** Variables the apps read through their config schemas: the ones `.env.example` must list. */
function appVariables(): Set<string> {
  const names = new Set<string>();
  const files = [...sourceFiles(join(repoRoot, 'apps')), ...sourceFiles(join(repoRoot, 'packages', 'platform', 'src'))];
  for (const file of files.filter((path) => !path.endsWith('.spec.ts'))) {
    for (const pattern of readsOutsideSpecs.slice(0, 2)) for (const match of read(file).matchAll(pattern)) names.add(match[1] ?? '');
  }
  return names;
}

describe('docs/configuration.md', () => {
  const reference = read(join(docsDir, 'configuration.md'));
  const documented = new Set([...reference.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''));
  const read_ = variablesReadByCode();

  it('finds the variables the code reads, in every place they are read', () => {
    // Guards the scan itself: a pattern that stopped matching would make the next test pass vacuously.
    for (const known of ['DATABASE_URL', 'LOG_LEVEL', 'COMMAND_API_PORT', 'PROJECTOR_URL', 'LEDGER_POSTGRES_PORT', 'LEDGER_FERRETDB_BINARY', 'RAW_FASTIFY_PORT']) {
      expect(read_.has(known)).toBe(true);
    }
    expect(read_.size).toBeGreaterThan(60);
  });

  it('names every environment variable the code reads', () => {
    // The operating system's, not Ledger's: with-node.ts puts another Node.js first on PATH.
    const systemVariables = new Set(['PATH']);
    const missing = [...read_].filter(([variable]) => !documented.has(variable) && !systemVariables.has(variable)).map(([variable, files]) => `${variable} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('documents no variable that nothing reads', () => {
    const rows = [...reference.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] ?? '');
    expect(rows.length).toBeGreaterThan(60);
    expect(rows.filter((variable) => !read_.has(variable))).toEqual([]);
  });

  it('has every app variable in .env.example, never set there', () => {
    const example = read(join(repoRoot, '.env.example'));
    const listed = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? ''));
    expect([...appVariables()].filter((variable) => !listed.has(variable))).toEqual([]);
    // Only comments: the file documents defaults and must change nothing if something loads it.
    expect(example.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))).toEqual([]);
  });
});
