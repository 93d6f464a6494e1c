import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTestLead, toLeadDetails } from './lead-details';

const FORM = { formId: '2000001', formName: 'Coffee subscription enquiry', pageId: '1000001' };
const RECEIVED = new Date('2026-11-30T10:00:00Z');

describe('lead details', () => {
  it('keeps attribution, platform, consent and every raw answer of a lead', () => {
    const details = toLeadDetails(
      FORM,
      {
        id: '3000001',
        ad_id: '6000001',
        ad_name: 'Autumn blend — carousel',
        adset_id: '6100001',
        adset_name: 'Coffee lovers 25–45',
        campaign_id: '6200001',
        campaign_name: 'Autumn subscriptions',
        is_organic: false,
        platform: 'ig',
        custom_disclaimer_responses: [
          { checkbox_key: 'marketing_consent', is_checked: '1' },
          { checkbox_key: 'terms', is_checked: '0' },
          { is_checked: '1' },
        ],
        field_data: [
          { name: 'email', values: ['ada@example.test'] },
          { name: 'preferred_contact_time', values: ['Morning'] },
        ],
      },
      RECEIVED,
    );
    assert.deepEqual(details, {
      ...FORM,
      platform: 'ig',
      attribution: {
        adId: '6000001',
        adName: 'Autumn blend — carousel',
        adsetId: '6100001',
        adsetName: 'Coffee lovers 25–45',
        campaignId: '6200001',
        campaignName: 'Autumn subscriptions',
        isOrganic: false,
        partnerName: null,
      },
      consent: [
        { checkboxKey: 'marketing_consent', isChecked: true },
        { checkboxKey: 'terms', isChecked: false },
      ],
      answers: [
        { name: 'email', values: ['ada@example.test'] },
        { name: 'preferred_contact_time', values: ['Morning'] },
      ],
      isTest: false,
      receivedAt: RECEIVED,
    });
  });

  it('leaves out what Graph did not send, and platforms it does not know', () => {
    const details = toLeadDetails(FORM, { id: '1', platform: 'messenger' }, RECEIVED);
    assert.equal(details.platform, null);
    assert.equal(details.attribution?.isOrganic, null);
    assert.deepEqual(details.consent, []);
    assert.deepEqual(details.answers, []);
  });

  it('recognises leads of the Lead Ads Testing Tool by their placeholders and test addresses', () => {
    const answer = (value: string) => [
      { name: 'full_name', values: ['Ada'] },
      { name: 'email', values: [value] },
    ];
    assert.ok(isTestLead(answer('<test lead: dummy data for email>')));
    assert.ok(isTestLead(answer(' <Test Lead: dummy data for email> ')));
    assert.ok(isTestLead(answer('test@fb.com')));
    assert.ok(isTestLead(answer('TEST@meta.com')));
    assert.ok(!isTestLead(answer('test@fb.company')));
    assert.ok(!isTestLead(answer('ada@example.test')));
    assert.ok(!isTestLead(answer('my <test lead: dummy data for email> note')));
    assert.equal(toLeadDetails(FORM, { id: '1', field_data: answer('test@meta.com') }, RECEIVED).isTest, true);
  });
});
