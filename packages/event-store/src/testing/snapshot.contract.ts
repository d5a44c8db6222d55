import { type SnapshotStore } from '../port/snapshot-store';
import { newStreamId } from './contract-fixtures';

/** Snapshot cases of the EventStore contract. */
export function describeSnapshotContract(snapshots: () => SnapshotStore): void {
  describe('snapshots', () => {
    it('returns undefined for a stream without a snapshot', async () => {
      expect(await snapshots().loadSnapshot(newStreamId(), 1)).toBeUndefined();
    });

    it('loads what was saved, and the latest save of a newer revision', async () => {
      const streamId = newStreamId();
      const first = { revision: 9n, schemaVersion: 2, state: { balance: '100', owners: ['a'], frozen: false, note: null } };
      await snapshots().saveSnapshot(streamId, first);
      expect(await snapshots().loadSnapshot(streamId, 2)).toEqual(first);
      const second = { revision: 19n, schemaVersion: 2, state: { balance: '250', owners: ['a', 'b'], frozen: true, note: 'x' } };
      await snapshots().saveSnapshot(streamId, second);
      expect(await snapshots().loadSnapshot(streamId, 2)).toEqual(second);
    });

    it('ignores a snapshot saved with another schemaVersion', async () => {
      const streamId = newStreamId();
      await snapshots().saveSnapshot(streamId, { revision: 4n, schemaVersion: 1, state: { balance: 1 } });
      expect(await snapshots().loadSnapshot(streamId, 2)).toBeUndefined();
      // Re-folded under the new shape at the same revision, it takes the old one's place.
      await snapshots().saveSnapshot(streamId, { revision: 4n, schemaVersion: 2, state: { balance: '1' } });
      expect(await snapshots().loadSnapshot(streamId, 2)).toEqual({ revision: 4n, schemaVersion: 2, state: { balance: '1' } });
    });

    it('never replaces a newer revision with an older one', async () => {
      const streamId = newStreamId();
      const newer = { revision: 20n, schemaVersion: 1, state: { at: 20 } };
      await snapshots().saveSnapshot(streamId, newer);
      await snapshots().saveSnapshot(streamId, { revision: 10n, schemaVersion: 1, state: { at: 10 } });
      expect(await snapshots().loadSnapshot(streamId, 1)).toEqual(newer);
    });
  });
}
