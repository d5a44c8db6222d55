/** The oldest Node.js Ledger runs on: what its Kafka client, @platformatic/kafka, declares (>= 22.22). */
export const MINIMUM_NODE = '22.22.0';

function atLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const [minMajor = 0, minMinor = 0, minPatch = 0] = minimum.split('.').map(Number);
  return major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
}

/** One line naming the fix, or undefined when this Node.js will do. */
export function unsupportedNodeMessage(version: string = process.versions.node): string | undefined {
  if (atLeast(version, MINIMUM_NODE)) return undefined;
  return `Ledger needs Node.js ${MINIMUM_NODE} or newer (24 LTS recommended) and this is ${version}: run it through npm (npm start, npm test and npm run use the Node 24 that npm ci puts in node_modules/.bin), or install Node 24 (nvm install, which reads .nvmrc)`;
}
