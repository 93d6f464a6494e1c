/**
 * Lead e-mails come from outside (a lead form), so only a plain address becomes a link: letters, digits and
 * `. _ + -` before the @ and a dotted host name after it. Anything else (`?bcc=`, `%0A`, a second @, a
 * `javascript:` look-alike) could change what the link does and is shown as text instead.
 */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function mailtoHref(email: string): string | null {
  return email.length <= 254 && PLAIN_ADDRESS.test(email) ? `mailto:${email}` : null;
}
