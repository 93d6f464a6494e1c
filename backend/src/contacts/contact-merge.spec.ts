import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncomingFields, mergeContactFields } from './contact-merge';
import type { Contact } from './entities/contact.entity';

const existing = {
  name: 'Ada',
  firstName: null,
  lastName: 'Lovelace',
  email: 'ada@example.test',
  phone: null,
  attributes: JSON.stringify({ 'Call time': 'Morning', Roast: 'Dark' }),
} as Contact;

const incoming: IncomingFields = {
  name: 'Ada King',
  firstName: 'Ada',
  lastName: null,
  email: 'other@example.test',
  phone: '+15550100001',
  attributes: { 'Call time': 'Evening' },
};

describe(mergeContactFields.name, () => {
  it('lets a newer lead’s non-empty values win for the name and answers, and only fills e-mail and phone', () => {
    assert.deepEqual(mergeContactFields(existing, incoming, true), {
      name: 'Ada King',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      phone: '+15550100001',
      attributes: JSON.stringify({ 'Call time': 'Evening', Roast: 'Dark' }),
    });
  });

  it('lets an older lead imported late only fill what is empty', () => {
    assert.deepEqual(mergeContactFields(existing, incoming, false), {
      name: 'Ada',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      phone: '+15550100001',
      attributes: JSON.stringify({ 'Call time': 'Morning', Roast: 'Dark' }),
    });
  });
});
