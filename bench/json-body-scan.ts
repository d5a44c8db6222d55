// `npx tsx --tsconfig packages/platform/tsconfig.json --conditions=@ledger/source bench/json-body-scan.ts [--rounds 7]`
// (the platform's tsconfig, for the decorators of the platform code it loads)
// What the check of a JSON body's shape (depth, repeated member names; issue 26) adds to each
// request: ns per body for the scan, next to JSON.parse of the same body, which every request
// paid already. A micro benchmark on purpose: on a shared machine the API benchmark's noise is
// larger than this cost.
import { jsonShapeViolationOf } from '@ledger/platform';

interface Body {
  readonly name: string;
  readonly text: string;
}

const deposit = '{"amount":"125.50","currency":"EUR","reference":"invoice 2026-117"}';
const members = Array.from({ length: 40 }, (_, index) => `"line${index}":{"amount":"${index}.00","currency":"EUR","tags":["a","b\\"c"]}`);
const bodies: readonly Body[] = [
  { name: 'deposit (68 B)', text: deposit },
  { name: `40 nested members (${(members.join(',').length / 1024).toFixed(1)} KB)`, text: `{${members.join(',')}}` },
  { name: '64 KiB reference string', text: `{"amount":"1.00","currency":"EUR","reference":"${'x'.repeat(65_480)}"}` },
];

/** The median of `rounds` timings of `iterations` calls, in ns per call. */
function nsPerCall(run: () => unknown, iterations: number, rounds: number): number {
  const timings: number[] = [];
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < iterations; index++) sink += run() === undefined ? 0 : 1;
    // Round 0 warms the JIT up and is not counted.
    if (round > 0) timings.push(Number(process.hrtime.bigint() - started) / iterations);
  }
  if (sink < 0) throw new Error('unreachable: keeps the calls from being optimised away');
  return timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? Number.NaN;
}

const roundsArgument = process.argv.indexOf('--rounds');
const rounds = roundsArgument === -1 ? 7 : Number(process.argv[roundsArgument + 1]);
const format = (ns: number) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);

console.log('| body | scan | JSON.parse | scan ÷ parse |');
console.log('| --- | ---: | ---: | ---: |');
for (const body of bodies) {
  const iterations = Math.max(200, Math.floor(20_000_000 / body.text.length));
  const scan = nsPerCall(() => jsonShapeViolationOf(body.text), iterations, rounds);
  const parse = nsPerCall(() => JSON.parse(body.text) as unknown, iterations, rounds);
  console.log(`| ${body.name} | ${format(scan)} | ${format(parse)} | ${(scan / parse).toFixed(2)} |`);
}
