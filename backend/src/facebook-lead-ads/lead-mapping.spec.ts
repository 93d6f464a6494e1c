import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMapping, duplicateTarget, isMappingTarget, parseMapping, suggestMapping } from './lead-mapping';

describe('lead mapping', () => {
  it('suggests the standard fields and a custom attribute for anything else', () => {
    assert.deepEqual(
      suggestMapping([
        'full_name',
        'first_name',
        'last_name',
        'email',
        'phone_number',
        'preferred_contact_time',
        'what’s your budget?',
      ]),
      {
        full_name: 'name',
        first_name: 'firstName',
        last_name: 'lastName',
        email: 'email',
        phone_number: 'phone',
        preferred_contact_time: 'custom:preferred_contact_time',
        'what’s your budget?': 'custom:what_s your budget_',
      },
    );
  });

  it('accepts the standard fields and well-formed custom attributes only', () => {
    for (const ok of ['name', 'firstName', 'lastName', 'email', 'phone', 'custom:budget', 'custom:Preferred time 2'])
      assert.ok(isMappingTarget(ok), ok);
    for (const bad of ['Name', 'address', 'custom:', 'custom:a-b', `custom:${'x'.repeat(65)}`, 'custom:<script>', 7, null]) {
      assert.ok(!isMappingTarget(bad), String(bad));
    }
  });

  it('finds a field fed by two questions', () => {
    assert.equal(duplicateTarget({ a: 'email', b: 'email' }), 'email');
    assert.equal(duplicateTarget({ a: 'custom:Budget', b: 'custom:budget' }), 'custom:budget');
    assert.equal(duplicateTarget({ a: 'email', b: 'phone' }), undefined);
  });

  it('maps field data to contact fields and attributes, skipping unmapped questions', () => {
    const fields = applyMapping(
      { full_name: 'name', email: 'email', phone_number: 'phone', preferred_contact_time: 'custom:Call time' },
      [
        { name: 'full_name', values: ['Ada Lovelace'] },
        { name: 'email', values: ['ada@example.test'] },
        { name: 'phone_number', values: ['+15550100'] },
        { name: 'preferred_contact_time', values: ['Morning', 'Evening'] },
        { name: 'secret_question', values: ['not imported'] },
      ],
    );
    assert.deepEqual(fields, {
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      phone: '+15550100',
      attributes: { 'Call time': 'Morning, Evening' },
    });
  });

  it('builds the name from first and last name when no question feeds it', () => {
    const fields = applyMapping({ first_name: 'firstName', last_name: 'lastName' }, [
      { name: 'first_name', values: ['Grace'] },
      { name: 'last_name', values: ['Hopper'] },
    ]);
    assert.equal(fields.name, 'Grace Hopper');
  });

  it('ignores prototype keys in the mapping', () => {
    assert.deepEqual(applyMapping({}, [{ name: 'constructor', values: ['x'] }]), { attributes: {} });
  });

  it('drops stored entries that are no longer valid targets', () => {
    assert.deepEqual(parseMapping('{"email":"email","x":"address"}'), { email: 'email' });
  });
});
