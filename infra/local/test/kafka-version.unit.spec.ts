import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataFor, defaultKafkaVersion, kafkaVersionFrom } from '../src/components/kafka';

describe('LEDGER_KAFKA_VERSION', () => {
  it('is Kafka 4.4.0 unless told otherwise, with short names for the two lines', () => {
    expect(defaultKafkaVersion).toBe('4.4.0');
    for (const unset of [undefined, '', '  ']) expect(kafkaVersionFrom(unset)).toBe('4.4.0');
    expect(kafkaVersionFrom('3.9')).toBe('3.9.1');
    expect(kafkaVersionFrom('4')).toBe('4.4.0');
    expect(kafkaVersionFrom('4.1.2')).toBe('4.1.2');
  });

  it('refuses what is not a 3.x or 4.x release, saying what would do', () => {
    for (const wrong of ['2.8.0', '5.0.0', 'latest', '3.9.1-rc1', '10.4.0']) {
      expect(() => kafkaVersionFrom(wrong)).toThrow(`LEDGER_KAFKA_VERSION: "${wrong}" is not a Kafka 3.x or 4.x version`);
    }
  });
});

describe('a Kafka data folder', () => {
  function folder(formattedBy?: string, noted?: string) {
    const home = mkdtempSync(join(tmpdir(), 'ledger-kafka-data-'));
    const data = join(home, 'data');
    mkdirSync(data);
    if (formattedBy !== undefined) writeFileSync(join(data, 'meta.properties'), 'version=1\n');
    if (noted !== undefined) writeFileSync(join(home, 'data-version'), `${noted}\n`);
    return { home, data, noted: () => readFileSync(join(home, 'data-version'), 'utf8').trim() };
  }

  it('goes from 3.x to 4.x, and remembers it', () => {
    const fromEarlierDefault = folder('3.9.1');
    claimDataFor(fromEarlierDefault.home, fromEarlierDefault.data, '4.4.0');
    expect(fromEarlierDefault.noted()).toBe('4.4.0');

    const noted = folder('3.9.1', '3.9.1');
    claimDataFor(noted.home, noted.data, '4.4.0');
    expect(noted.noted()).toBe('4.4.0');
  });

  it('does not go back from 4.x to 3.x, naming both ways out', () => {
    const written = folder('4.4.0', '4.4.0');
    expect(() => claimDataFor(written.home, written.data, '3.9.1')).toThrow(
      `was written by Kafka 4.4.0, which 3.9.1 cannot read: run \`npm run stack -- reset\` (deletes local data) or set LEDGER_KAFKA_VERSION=4.4.0`,
    );
  });

  it('keeps to its line on the same line, and leaves an unformatted folder alone', () => {
    const same = folder('3.9.1', '3.9.1');
    claimDataFor(same.home, same.data, '3.9.1');
    expect(same.noted()).toBe('3.9.1');
    const empty = folder();
    expect(() => claimDataFor(empty.home, empty.data, '3.9.1')).not.toThrow();
  });
});
