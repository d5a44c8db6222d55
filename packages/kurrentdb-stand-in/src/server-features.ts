// Part of the KurrentDB TEST STAND-IN (see serve.ts): ServerFeatures,
// which the client asks once per connection to choose between calls (BatchAppend over Append).
import { type handleUnaryCall } from '@grpc/grpc-js';
import { SupportedMethod, SupportedMethods } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { type Empty } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';

/**
 * A version the methods below match (23.10 sends `caughtUp`); the suffix says what answers. The
 * client only logs the version.
 */
export const STAND_IN_SERVER_VERSION = '23.10.0-test-stand-in';

/**
 * Exactly what the stand-in implements, lower-cased as the server lists them, without feature
 * flags (the real server adds some, e.g. `deadline_duration` on BatchAppend, that the stand-in
 * does not honour). Delete and Tombstone are left out: they answer UNIMPLEMENTED.
 */
const SUPPORTED: readonly { service: string; method: string }[] = [
  { service: 'event_store.client.streams.streams', method: 'read' },
  { service: 'event_store.client.streams.streams', method: 'append' },
  { service: 'event_store.client.streams.streams', method: 'batchappend' },
  { service: 'event_store.client.server_features.serverfeatures', method: 'getsupportedmethods' },
];

export function supportedMethods(): SupportedMethods {
  return new SupportedMethods()
    .setEventStoreServerVersion(STAND_IN_SERVER_VERSION)
    .setMethodsList(
      SUPPORTED.map(({ service, method }) => new SupportedMethod().setServiceName(service).setMethodName(method)),
    );
}

export const getSupportedMethodsHandler: handleUnaryCall<Empty, SupportedMethods> = (_call, callback) => {
  callback(null, supportedMethods());
};
