import { join } from 'node:path';
import { ensurePythonVenv, type PythonTool } from './python-venv';

/** Pinned: a new schemathesis release may add checks or change flags, which must be a reviewed change here. */
export const SCHEMATHESIS_VERSION = '4.32.5';

const tool: PythonTool = { name: `schemathesis-${SCHEMATHESIS_VERSION}`, requirements: [`schemathesis==${SCHEMATHESIS_VERSION}`] };

/**
 * The path of a schemathesis CLI of the pinned version, in its own virtual environment under the
 * download cache (created on first use from PyPI, reused afterwards).
 */
export async function ensureSchemathesis(progress: (line: string) => void): Promise<string> {
  return join(await ensurePythonVenv(tool, progress), 'bin', 'schemathesis');
}
