// The KurrentDB TEST STAND-IN at the gRPC level, through the client's own generated stubs: what
// it announces, filtered $all reads (which @eventstore/db-client 6.2.1's readAll cannot ask for),
// and how it refuses bad requests.
import { randomUUID } from 'node:crypto';
import {
  convertToCommandError,
  KurrentDBClient,
  jsonEvent,
  NO_STREAM,
  RequiredMetadataPropertyMissingError,
  type JSONEventData,
} from '@kurrent/kurrentdb-client';
import { parseUUID } from '@kurrent/kurrentdb-client/dist/utils';
import { ServerFeaturesClient } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import { type SupportedMethods } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { Empty, StreamIdentifier, UUID } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { StreamsClient } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { AppendReq, type AppendResp, ReadReq, type ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { startKurrentDbStandIn, type KurrentDbStandIn } from '../src';

let standIn: KurrentDbStandIn;
let client: KurrentDBClient;
let streams: StreamsClient;
let features: ServerFeaturesClient;

beforeAll(async () => {
  standIn = await startKurrentDbStandIn();
  client = KurrentDBClient.connectionString(standIn.url);
  const address = new URL(standIn.url).host;
  streams = new StreamsClient(address, credentials.createInsecure());
  features = new ServerFeaturesClient(address, credentials.createInsecure());
});

afterAll(async () => {
  streams.close();
  features.close();
  await client.dispose();
  await standIn.close();
});

const identifier = (streamId: string): StreamIdentifier => new StreamIdentifier().setStreamName(Buffer.from(streamId));
const event = (type = 'StandInTested'): JSONEventData => jsonEvent({ type, data: {} });

function readRaw(options: ReadReq.Options): Promise<ReadResp[]> {
  return new Promise((resolve, reject) => {
    const responses: ReadResp[] = [];
    const call = streams.read(new ReadReq().setOptions(options));
    call.on('data', (response: ReadResp) => responses.push(response));
    call.on('error', reject);
    call.on('end', () => resolve(responses));
  });
}

const idsOf = (responses: ReadResp[]): (string | undefined)[] =>
  responses.map((response) => parseUUID(response.getEvent()?.getEvent()?.getId()));

/** A count read of $all, filtered as the server-side filters of the client are built. */
function filteredAllRead(filter: ReadReq.Options.FilterOptions, count: number, backwards = false): ReadReq.Options {
  return new ReadReq.Options()
    .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
    .setReadDirection(backwards ? ReadReq.Options.ReadDirection.BACKWARDS : ReadReq.Options.ReadDirection.FORWARDS)
    .setCount(String(count))
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
    .setFilter(filter.setCount(new Empty()).setCheckpointintervalmultiplier(1));
}

describe('KurrentDB test stand-in, at the gRPC level', () => {
  it('announces exactly the methods it serves, so the client picks BatchAppend', async () => {
    const supported = await new Promise<SupportedMethods>((resolve, reject) =>
      features.getSupportedMethods(new Empty(), (error, response) => (error === null ? resolve(response) : reject(error))),
    );
    const methods = supported.getMethodsList().map((method) => `${method.getServiceName()}/${method.getMethodName()}`);
    expect(methods.sort()).toEqual([
      'event_store.client.server_features.serverfeatures/getsupportedmethods',
      'event_store.client.streams.streams/append',
      'event_store.client.streams.streams/batchappend',
      'event_store.client.streams.streams/read',
    ]);
    expect(supported.getEventStoreServerVersion()).toMatch(/stand-in/);
  });

  it('filters $all reads by stream name prefix and by event type regex, counting matches only', async () => {
    const prefix = `raw-${randomUUID()}`;
    const [mine, system, other] = [event(), event('$stand-in-system'), event()];
    await client.appendToStream(`${prefix}-a`, [mine, system], { streamState: NO_STREAM });
    await client.appendToStream(`raw-other-${randomUUID()}`, [other], { streamState: NO_STREAM });
    const byPrefix = new ReadReq.Options.FilterOptions().setStreamIdentifier(
      new ReadReq.Options.FilterOptions.Expression().setPrefixList([prefix]),
    );
    const userTypes = new ReadReq.Options.FilterOptions().setEventType(
      new ReadReq.Options.FilterOptions.Expression().setRegex('^[^$].*'),
    );

    expect(idsOf(await readRaw(filteredAllRead(byPrefix, 10)))).toEqual([mine.id, system.id]);
    const newestUser = await readRaw(filteredAllRead(userTypes, 2, true).setAll(new ReadReq.Options.AllOptions().setEnd(new Empty())));
    expect(idsOf(newestUser)).toEqual([other.id, mine.id]);
    expect(newestUser.map((response) => response.getEvent()?.getEvent()?.getMetadataMap().get('type'))).toEqual([
      'StandInTested',
      'StandInTested',
    ]);
  });

  it('sends structured UUIDs unless the client asks for strings, as the server does', async () => {
    const streamId = `raw-${randomUUID()}`;
    const written = event();
    await client.appendToStream(streamId, [written], { streamState: NO_STREAM });
    const [response] = await readRaw(
      new ReadReq.Options()
        .setStream(new ReadReq.Options.StreamOptions().setStreamIdentifier(identifier(streamId)).setStart(new Empty()))
        .setCount('1')
        .setUuidOption(new ReadReq.Options.UUIDOption().setStructured(new Empty()))
        .setNoFilter(new Empty()),
    );
    const id = response?.getEvent()?.getEvent()?.getId();
    expect(id?.hasStructured()).toBe(true);
    expect(parseUUID(id)).toBe(written.id);
  });

  it('reads nothing forwards from END, nor backwards from the start of $all (which the KurrentDB client cannot ask)', async () => {
    const streamId = `raw-${randomUUID()}`;
    await client.appendToStream(streamId, [event(), event()], { streamState: NO_STREAM });
    const direction = ReadReq.Options.ReadDirection;
    const read = async (where: ReadReq.Options, readDirection: ReadReq.Options.ReadDirection): Promise<(string | undefined)[]> =>
      idsOf(await readRaw(where.setReadDirection(readDirection).setCount('10').setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty())).setNoFilter(new Empty())));
    const streamEnd = new ReadReq.Options.StreamOptions().setStreamIdentifier(identifier(streamId)).setEnd(new Empty());

    expect(await read(new ReadReq.Options().setStream(streamEnd), direction.FORWARDS)).toEqual([]);
    expect(await read(new ReadReq.Options().setAll(new ReadReq.Options.AllOptions().setEnd(new Empty())), direction.FORWARDS)).toEqual([]);
    expect(await read(new ReadReq.Options().setAll(new ReadReq.Options.AllOptions().setStart(new Empty())), direction.BACKWARDS)).toEqual([]);
  });

  it('refuses a read that combines a stream with a filter with INVALID_ARGUMENT', async () => {
    const options = filteredAllRead(new ReadReq.Options.FilterOptions().setEventType(
      new ReadReq.Options.FilterOptions.Expression().setPrefixList(['x']),
    ), 1).setStream(new ReadReq.Options.StreamOptions().setStreamIdentifier(identifier('any')).setStart(new Empty()));
    await expect(readRaw(options)).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('refuses an Append event without a type as a missing required metadata property', async () => {
    const error = await new Promise<ServiceError | null>((resolve) => {
      const call = streams.append((failure: ServiceError | null, _response?: AppendResp) => resolve(failure));
      call.write(
        new AppendReq().setOptions(
          new AppendReq.Options().setStreamIdentifier(identifier(`raw-${randomUUID()}`)).setAny(new Empty()),
        ),
      );
      const proposed = new AppendReq.ProposedMessage().setId(new UUID().setString(randomUUID())).setData(Buffer.from('{}'));
      proposed.getMetadataMap().set('content-type', 'application/json');
      call.write(new AppendReq().setProposedMessage(proposed));
      call.end();
    });
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(convertToCommandError(error as ServiceError)).toBeInstanceOf(RequiredMetadataPropertyMissingError);
  });
});
