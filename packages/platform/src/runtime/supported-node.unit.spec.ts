import { MINIMUM_NODE, unsupportedNodeMessage } from './supported-node';

describe('the supported Node.js check', () => {
  it('accepts 22.22 and later, 24 and 26 included', () => {
    for (const version of [MINIMUM_NODE, '22.22.1', '22.23.3', '23.0.0', '24.21.0', '26.10.0']) expect(unsupportedNodeMessage(version)).toBeUndefined();
  });

  it('refuses what came before, in one line naming the fix', () => {
    for (const version of ['22.21.9', '22.12.0', '20.20.2', '18.20.0', '9.99.99']) {
      const message = unsupportedNodeMessage(version);
      expect(message).toContain(`this is ${version}`);
      expect(message).toContain('nvm install');
      expect(message).not.toContain('\n');
    }
  });
});
