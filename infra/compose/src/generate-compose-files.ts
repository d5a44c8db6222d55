import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generatedComposeFiles } from './compose-files';

// `npm run compose:files`: rewrites the gateway's and Prometheus's configs that compose.yaml mounts.
for (const { path, text } of generatedComposeFiles()) {
  writeFileSync(path, text);
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
