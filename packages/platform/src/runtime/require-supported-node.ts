// Imported first by every entry point, before anything a too-old Node.js would fail on with a
// stack trace nobody can act on.
import { unsupportedNodeMessage } from './supported-node';

const message = unsupportedNodeMessage();
if (message !== undefined) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
