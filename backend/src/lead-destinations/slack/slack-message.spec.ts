import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DestinationLead } from '../destination-definition';
import { slackLeadMessage } from './slack-message';

const LEAD: DestinationLead = {
  eventId: '7',
  receivedAt: new Date(),
  contactId: 'c1',
  contactUrl: 'https://inbox.example.com/contacts?contact=c1',
  name: 'Ada <@channel> & co',
  email: 'ada@example.com',
  phone: '+1 555 0100',
  source: 'facebook-lead-ads',
  formId: '2000001',
  formName: 'Coffee subscription enquiry',
  adId: '3000001',
  answers: {},
};

describe(slackLeadMessage.name, () => {
  it('says who, how to reach them, the form and ad, and links to the contact', () => {
    const message = slackLeadMessage(LEAD);
    const blocks = JSON.stringify(message.blocks);
    assert.equal(message.text, 'New lead: Ada &lt;@channel&gt; &amp; co');
    for (const part of ['ada@example.com', '+1 555 0100', 'Coffee subscription enquiry', '3000001', LEAD.contactUrl]) {
      assert.ok(blocks.includes(part), part);
    }
  });

  it('escapes mrkdwn control characters so a name cannot ping the channel', () => {
    const blocks = JSON.stringify(slackLeadMessage(LEAD).blocks);
    assert.ok(blocks.includes('Ada &lt;@channel&gt; &amp; co'));
    assert.ok(!blocks.includes('*Name*\\nAda <@channel>'));
  });
});
