import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/**
 * The page's folder, `apps/projector/console/`: two levels up from this file both in `src/console/`
 * (tests, tsx) and in `dist/console/` (built: tsconfig.build.json maps src to dist one to one).
 */
export const CONSOLE_DIRECTORY = join(__dirname, '..', '..', 'console');

/** The types the page is made of; any other file is not served (404), whatever is in the folder. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** One flat name: no separator, no leading dot (so neither `..` nor hidden files), nothing odd to decode. */
const plainName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ConsoleFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Reads the console's files from disk on every request: they are small, `cache-control: no-cache`
 * makes browsers revalidate anyway, and a page edited during development shows at the next reload.
 */
export class ConsoleFiles {
  private readonly root: string;

  constructor(directory: string = CONSOLE_DIRECTORY) {
    this.root = resolve(directory);
  }

  /** The file named so in the folder, or undefined for anything else (a bad name, another type, a folder, nothing). */
  async read(name: string): Promise<ConsoleFile | undefined> {
    const contentType = contentTypes[extname(name).toLowerCase()];
    if (!plainName.test(name) || contentType === undefined) return undefined;
    const path = resolve(this.root, name);
    // The name check already rules out escaping the folder; this says so where the path is made.
    if (!path.startsWith(this.root + sep)) return undefined;
    try {
      return { body: await readFile(path), contentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
