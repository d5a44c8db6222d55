import { javaMurmur2 } from './contract/java-murmur2';

describe('the test copy of Java murmur2', () => {
  it("gives the values of Kafka's own UtilsTest", () => {
    expect(javaMurmur2(Buffer.from('21'))).toBe(-973932308);
    expect(javaMurmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(javaMurmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(javaMurmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(javaMurmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(javaMurmur2(Buffer.from('abc'))).toBe(479470107);
  });
});
