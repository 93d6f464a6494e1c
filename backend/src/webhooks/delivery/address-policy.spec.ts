import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressRefusedError, isPublicAddress, resolveTarget, urlProblem } from './address-policy';

describe('webhook address policy', () => {
  it('tells public addresses from private, loopback, link-local and special ones', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(isPublicAddress(address), true, address);
    }
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      'not-an-ip',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  it('refuses a name with any private answer in production, and allows local receivers elsewhere', async () => {
    const resolve = async () => [
      { address: '93.184.215.14', family: 4 as const },
      { address: '10.0.0.5', family: 4 as const },
    ];
    await assert.rejects(resolveTarget('hooks.example.com', true, resolve), AddressRefusedError);
    await assert.rejects(resolveTarget('[::1]', true, resolve), AddressRefusedError);
    assert.deepEqual(await resolveTarget('127.0.0.1', false, resolve), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(await resolveTarget('hooks.example.com', true, async () => [{ address: '93.184.215.14', family: 4 }]), {
      address: '93.184.215.14',
      family: 4,
    });
  });

  it('refuses a name that does not resolve', async () => {
    await assert.rejects(
      resolveTarget('nowhere.invalid', false, () => Promise.reject(new Error('ENOTFOUND'))),
      /could not be resolved/,
    );
  });

  it('demands https, and no credentials or fragment, in the URL', () => {
    assert.equal(urlProblem('https://hooks.example.com/aurora', true), null);
    assert.equal(urlProblem('http://127.0.0.1:8080/hook', false), null);
    assert.equal(urlProblem('http://hooks.example.com/aurora', true), 'url must use https');
    assert.equal(urlProblem('ftp://hooks.example.com/', false), 'url must be an absolute http(s) URL');
    assert.equal(urlProblem('/relative', false), 'url must be an absolute http(s) URL');
    assert.equal(urlProblem('https://user:pw@hooks.example.com/', true), 'url must not contain credentials');
    assert.equal(urlProblem('https://hooks.example.com/#x', true), 'url must not contain a fragment');
  });
});
