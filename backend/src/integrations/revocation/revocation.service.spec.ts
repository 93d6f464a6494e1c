import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserCaller } from '../../auth/auth-user';
import { integrationsWorld, IntegrationsWorld } from '../../../test/support/integrations-world';
import { RevocationTask } from './revocation-task.entity';
import { RevocationService } from './revocation.service';

const KEY = 'calendly';
const ORIGIN = { ip: null, requestId: null };
const SECOND = 1000;

describe(RevocationService.name, () => {
  let world: IntegrationsWorld;
  let admin: UserCaller;
  const outbox = () => world.dataSource.getRepository(RevocationTask).find({ where: { accountId: admin.accountId } });
  const revoke = (token: string) =>
    world.revocations.revokeOrQueue(
      admin.accountId,
      KEY,
      { accessToken: `at-${token}`, refreshToken: token },
      { userId: admin.id, name: admin.name },
      ORIGIN,
    );

  before(async () => {
    world = await integrationsWorld();
  });
  after(() => world.close());
  beforeEach(async () => {
    admin = await world.admin();
    // The outbox is shared by every account: start each test with it empty.
    await world.dataSource.getRepository(RevocationTask).clear();
    world.http.revoked.length = 0;
    world.http.script.revoke = 'ok';
  });

  it('revokes at once when the provider answers, refresh token first, and queues nothing', async () => {
    assert.equal(await revoke('rt-1'), 'revoked');
    assert.deepEqual(world.http.revoked, ['rt-1']);
    assert.deepEqual(await outbox(), []);
  });

  it('parks a failed revocation in the outbox, encrypted, for a retry 30 s later', async () => {
    world.http.script.revoke = 'down';
    const before = Date.now();
    assert.equal(await revoke('rt-secret'), 'queued');
    const [task] = await outbox();
    assert.equal(task.attempts, 1);
    assert.ok(task.nextAttemptAt.getTime() >= before + 30 * SECOND && task.nextAttemptAt.getTime() <= Date.now() + 30 * SECOND);
    const stored = await world.dataSource
      .getRepository(RevocationTask)
      .findOneOrFail({ where: { id: task.id }, select: { tokensEnc: true } });
    assert.doesNotMatch(stored.tokensEnc, /rt-secret/);
  });

  it('retries only due tasks, doubling the wait after each failure, and deletes a task once revoked', async () => {
    world.http.script.revoke = 'down';
    await revoke('rt-1');
    const [queued] = await outbox();
    assert.deepEqual(await world.revocations.processDue(new Date(queued.nextAttemptAt.getTime() - 1)), { revoked: 0, failed: 0 });

    const firstRetry = queued.nextAttemptAt;
    assert.deepEqual(await world.revocations.processDue(firstRetry), { revoked: 0, failed: 1 });
    const [afterFailure] = await outbox();
    assert.equal(afterFailure.attempts, 2);
    assert.equal(afterFailure.nextAttemptAt.getTime() - firstRetry.getTime(), 60 * SECOND);

    world.http.script.revoke = 'ok';
    assert.deepEqual(await world.revocations.processDue(afterFailure.nextAttemptAt), { revoked: 1, failed: 0 });
    assert.deepEqual(world.http.revoked, ['rt-1']);
    assert.deepEqual(await outbox(), []);
  });

  it('lets one of two instances claim a due task, so the provider is called once', async () => {
    world.http.script.revoke = 'down';
    await revoke('rt-1');
    world.http.script.revoke = 'ok';
    const [task] = await outbox();
    const results = await Promise.all([
      world.revocations.processDue(task.nextAttemptAt),
      world.revocations.processDue(task.nextAttemptAt),
    ]);
    assert.equal(results[0].revoked + results[1].revoked, 1);
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });
});
