import type { DestinationLead } from '../destination-definition';

interface SlackText {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

/** Slack's mrkdwn treats these three as control characters; a lead's answers must stay text. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function field(label: string, value: string | null): SlackText | null {
  return value ? { type: 'mrkdwn', text: `*${label}*\n${escape(value)}` } : null;
}

/** The Block Kit message for one lead: who, how to reach them, where they came from, and a link to the contact. */
export function slackLeadMessage(lead: DestinationLead): { text: string; blocks: unknown[] } {
  const who = lead.name ?? lead.email ?? 'Someone';
  const heading = `${lead.test ? 'Test lead' : 'New lead'}: ${who}`;
  const fields = [
    field('Name', lead.name),
    field('E-mail', lead.email),
    field('Phone', lead.phone),
    field('Form', lead.formName ?? lead.formId),
    field('Ad', lead.adId),
  ].filter((value): value is SlackText => value !== null);
  return {
    // Notifications and screen readers use `text` (parsed as mrkdwn, hence escaped); people see the blocks.
    text: escape(heading),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } },
      ...(fields.length ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Source: ${escape(lead.source)}` }] },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open contact in Aurora Inbox' }, url: lead.contactUrl }],
      },
    ],
  };
}
