import { clusterId } from '../src/components/kafka';

describe('clusterId', () => {
  it('given random bytes whose base64url starts with "-", draws again (kafka-storage would read it as an option)', () => {
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = clusterId(() => draws.shift() ?? Buffer.alloc(16));

    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
  });

  it('is 22 URL-safe base64 characters, as Kafka writes its ids', () => {
    for (let i = 0; i < 1_000; i++) expect(clusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
