import { mount } from '@vue/test-utils';
import { contact } from '../../../test-support/fixtures';
import ContactsTable from '../ContactsTable.vue';

function emailCell(email: string | null) {
  const wrapper = mount(ContactsTable, { props: { contacts: [contact('1', { email })] } });
  return wrapper.get('tbody td');
}

describe('ContactsTable', () => {
  it('links a plain e-mail address with mailto:', () => {
    const link = emailCell('ada.lovelace+leads@example.test').get('a');
    expect(link.attributes('href')).toBe('mailto:ada.lovelace+leads@example.test');
    expect(link.text()).toBe('ada.lovelace+leads@example.test');
  });

  it.each([
    'a@b.test?bcc=x@evil.test',
    'a?bcc=x@evil.test',
    'a@b.test%0Abcc:x@evil.test',
    'a@b@evil.test',
    'javascript:alert(1)//@b.test',
    '<img src=x onerror=alert(1)>@b.test',
    'a@localhost',
  ])('shows %s as plain text, never as a link', (email) => {
    const cell = emailCell(email);
    expect(cell.find('a').exists()).toBe(false);
    expect(cell.text()).toBe(email);
    expect(cell.html()).not.toContain('<img');
  });

  it('shows a dash when there is no e-mail', () => {
    const cell = emailCell(null);
    expect(cell.find('a').exists()).toBe(false);
    expect(cell.text()).toBe('—');
  });
});
