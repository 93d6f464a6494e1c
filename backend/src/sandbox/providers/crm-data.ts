import type { SandboxExternalAccount } from '../oauth/account-api';

/** One person in the sandbox provider's CRM, the same every run so tests can name them. */
export interface SeededPerson {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: string;
}

const PEOPLE: readonly Omit<SeededPerson, 'id' | 'email'>[] = [
  { firstName: 'Ada', lastName: 'Lovelace', createdAt: '2026-01-05T09:00:00.000Z' },
  { firstName: 'Grace', lastName: 'Hopper', createdAt: '2026-01-06T10:30:00.000Z' },
  { firstName: 'Alan', lastName: 'Turing', createdAt: '2026-01-07T14:15:00.000Z' },
];

/** The people of one external account: ids and addresses carry the account, so accounts never mix. */
export function seededPeople(account: SandboxExternalAccount): SeededPerson[] {
  const domain = `${account.id}.example.test`;
  return PEOPLE.map((person, index) => ({
    ...person,
    id: String(1001 + index),
    email: `${person.firstName.toLowerCase()}@${domain}`,
  }));
}
