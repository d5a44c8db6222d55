// Part of the KurrentDB TEST STAND-IN (see serve.ts): wire <-> value conversions.
import { StreamIdentifier, UUID } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';

/** UTF-8 stream name of an identifier; undefined when it is missing or empty. */
export function streamNameOf(identifier: StreamIdentifier | undefined): string | undefined {
  if (identifier === undefined) return undefined;
  const name = Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
  return name === '' ? undefined : name;
}

export function streamIdentifierOf(streamName: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COMPACT_UUID = /^[0-9a-f]{32}$/;

function canonicalFromHex(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;
}

const hex64 = (signedDecimal: string): string => BigInt.asUintN(64, BigInt(signedDecimal)).toString(16).padStart(16, '0');

/**
 * A lower-case canonical UUID from either wire form: the string the Node client sends, or the
 * structured form (two signed 64-bit halves, most significant first, as the client parses it).
 * undefined when missing or malformed.
 */
export function uuidOf(uuid: UUID | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    if (structured === undefined) return undefined;
    try {
      return canonicalFromHex(hex64(structured.getMostSignificantBits()) + hex64(structured.getLeastSignificantBits()));
    } catch {
      return undefined;
    }
  }
  const text = uuid.getString().trim().toLowerCase();
  if (CANONICAL_UUID.test(text)) return text;
  return COMPACT_UUID.test(text) ? canonicalFromHex(text) : undefined;
}

export type UuidFormat = 'string' | 'structured';

export function uuidMessageOf(canonical: string, format: UuidFormat): UUID {
  if (format === 'string') return new UUID().setString(canonical);
  const hex = canonical.replaceAll('-', '');
  const half = (from: number): string => BigInt.asIntN(64, BigInt(`0x${hex.slice(from, from + 16)}`)).toString();
  return new UUID().setStructured(
    new UUID.Structured().setMostSignificantBits(half(0)).setLeastSignificantBits(half(16)),
  );
}

const TICKS_PER_MILLISECOND = 10_000n;

/** EventStoreDB sends `created` as .NET ticks (100 ns) since the Unix epoch; the client divides by 10,000. */
export function ticksSinceEpoch(epochMilliseconds: number): bigint {
  return BigInt(epochMilliseconds) * TICKS_PER_MILLISECOND;
}
