import { MongoClient } from 'mongodb';
import { MongoPoolUsage } from './mongodb-pool-usage';

/**
 * The driver's pool events, emitted by hand in the order the driver emits them: the arithmetic
 * is what can go wrong here; that the driver emits them is its own promise (CMAP).
 */
describe('MongoPoolUsage', () => {
  const client = new MongoClient('mongodb://127.0.0.1:1', { maxPoolSize: 2 });
  const usage = new MongoPoolUsage(client);
  const emit = (event: 'connectionCreated' | 'connectionClosed' | 'connectionCheckOutStarted' | 'connectionCheckOutFailed' | 'connectionCheckedOut' | 'connectionCheckedIn') =>
    (client as unknown as NodeJS.EventEmitter).emit(event, {});

  it('counts connections checked out as in use, the rest of the open ones as idle, and check-outs that found every connection in use as waiting', () => {
    expect(usage.usage()).toEqual({ inUse: 0, idle: 0, waiting: 0, max: 2 });

    // A free slot: served at once (opening a connection is not waiting for one).
    emit('connectionCheckOutStarted');
    expect(usage.usage()).toMatchObject({ inUse: 0, waiting: 0 });
    emit('connectionCreated');
    emit('connectionCheckedOut');
    expect(usage.usage()).toEqual({ inUse: 1, idle: 0, waiting: 0, max: 2 });
    emit('connectionCheckOutStarted');
    emit('connectionCreated');
    emit('connectionCheckedOut');
    expect(usage.usage()).toEqual({ inUse: 2, idle: 0, waiting: 0, max: 2 });

    // The pool is exhausted: the next check-out waits until a connection comes back, or fails.
    emit('connectionCheckOutStarted');
    expect(usage.usage()).toMatchObject({ inUse: 2, waiting: 1 });
    emit('connectionCheckOutFailed');
    expect(usage.usage()).toMatchObject({ inUse: 2, waiting: 0 });
    emit('connectionCheckOutStarted');
    expect(usage.usage()).toMatchObject({ inUse: 2, waiting: 1 });
    emit('connectionCheckedIn');
    emit('connectionCheckedOut');
    expect(usage.usage()).toEqual({ inUse: 2, idle: 0, waiting: 0, max: 2 });

    emit('connectionCheckedIn');
    emit('connectionCheckedIn');
    expect(usage.usage()).toEqual({ inUse: 0, idle: 2, waiting: 0, max: 2 });
    emit('connectionClosed');
    emit('connectionClosed');
    expect(usage.usage()).toEqual({ inUse: 0, idle: 0, waiting: 0, max: 2 });
  });
});
