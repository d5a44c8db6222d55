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

  it('counts connections checked out as in use, the rest of the open ones as idle, and check-outs not yet served as waiting', () => {
    expect(usage.usage()).toEqual({ inUse: 0, idle: 0, waiting: 0, max: 2 });

    emit('connectionCheckOutStarted');
    expect(usage.usage()).toMatchObject({ inUse: 0, waiting: 1 });
    emit('connectionCreated');
    emit('connectionCheckedOut');
    expect(usage.usage()).toEqual({ inUse: 1, idle: 0, waiting: 0, max: 2 });

    emit('connectionCheckOutStarted');
    emit('connectionCheckOutFailed');
    expect(usage.usage()).toMatchObject({ inUse: 1, waiting: 0 });

    emit('connectionCheckedIn');
    expect(usage.usage()).toEqual({ inUse: 0, idle: 1, waiting: 0, max: 2 });

    emit('connectionClosed');
    expect(usage.usage()).toEqual({ inUse: 0, idle: 0, waiting: 0, max: 2 });
  });
});
