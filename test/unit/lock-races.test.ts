import { DeadlockException, LockWaitTimeoutException, ServerException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { retryLockRaces } from '../../src/automation/worker';

const driverError = (message: string) => Object.assign(new Error(message), { code: 'ER' });

/** A unit of work that fails with the given errors, one per call, then answers 'done'. */
function failing(errors: Error[]) {
  let calls = 0;
  const work = async () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'done';
  };
  return { work, calls: () => calls };
}

describe('outbox transactions that lose a lock race', () => {
  it('run again after a deadlock or a lock wait timeout, up to three times in all', async () => {
    const twice = failing([new DeadlockException(driverError('Deadlock found')), new LockWaitTimeoutException(driverError('Lock wait timeout'))]);
    await expect(retryLockRaces(twice.work)).resolves.toBe('done');
    expect(twice.calls()).toBe(3);
  });

  it('give up with the third lost race', async () => {
    const thrice = failing([0, 1, 2].map(() => new DeadlockException(driverError('Deadlock found'))));
    await expect(retryLockRaces(thrice.work)).rejects.toBeInstanceOf(DeadlockException);
    expect(thrice.calls()).toBe(3);
  });

  it('do not repeat any other failure', async () => {
    const other = failing([new ServerException(driverError('Table is full'))]);
    await expect(retryLockRaces(other.work)).rejects.toThrow('Table is full');
    expect(other.calls()).toBe(1);
  });
});
