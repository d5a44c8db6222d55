import { eventTopics, parseTopicPrefix, topicOfStream } from '../src';

describe('event topics', () => {
  it('names one topic per stream category, under ledger by default', () => {
    expect(topicOfStream('account-7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f')).toBe('ledger.account');
  });

  it('puts every category under another prefix when asked (tests give each file its own)', () => {
    const topics = eventTopics('test-relay-1');

    expect(topics.ofStream('account-1')).toBe('test-relay-1.account');
    expect(topics.ofCategory('loan')).toBe('test-relay-1.loan');
  });

  it.each(['', 'has space', 'slash/ed', 'x'.repeat(201)])('refuses %j as a prefix, which Kafka would refuse as a topic', (prefix) => {
    expect(() => parseTopicPrefix(prefix)).toThrow('is not a Kafka topic prefix');
    expect(() => eventTopics(prefix)).toThrow('is not a Kafka topic prefix');
  });
});
