import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePythonVenv, type PythonTool } from '../../local/src/python-venv';
import { composeDir } from './compose-apps';

const run = promisify(execFile);

/**
 * The Compose specification's JSON schema, vendored (README.md beside it says from where): the
 * file Docker Compose itself validates with, so a key it would refuse is refused here.
 */
export const composeSchemaFile = join(composeDir, 'compose-spec.json');

/**
 * A YAML parser and a JSON-schema validator that both implement their specifications in full
 * (draft 2020-12, which the schema declares), pinned like schemathesis; Node has neither as a
 * dependency of this workspace.
 */
const checker: PythonTool = { name: 'compose-check-jsonschema-4.26.0-pyyaml-6.0.3', requirements: ['jsonschema==4.26.0', 'PyYAML==6.0.3'] };

export interface ReadCompose {
  /** The file as data, before interpolation, as Compose reads it (YAML 1.2, anchors and merges resolved). */
  readonly document: unknown;
  /** Every place where it breaks the schema: `services/gateway: Additional properties are not allowed ('helthcheck' was unexpected)`. */
  readonly schemaErrors: readonly string[];
}

/** Parses a compose file and checks it against the vendored schema; the Python tools are installed into the cache on first use. */
export async function readCompose(composePath: string, progress: (line: string) => void = () => undefined): Promise<ReadCompose> {
  const venv = await ensurePythonVenv(checker, progress);
  try {
    const { stdout } = await run(join(venv, 'bin', 'python'), [join(__dirname, 'read_compose.py'), composePath, composeSchemaFile], { maxBuffer: 16 * 1024 * 1024 });
    const parsed = JSON.parse(stdout) as { document: unknown; errors: string[] };
    return { document: parsed.document, schemaErrors: parsed.errors };
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`could not read ${composePath}: ${stderr.trim() || String(error)}`, { cause: error });
  }
}
