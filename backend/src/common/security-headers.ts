import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** The site is served over https: HSTS, and browsers upgrade any http subresource. */
  https: boolean;
  /** Allowed for styles besides the site's own files, e.g. the hash of a server-rendered page's <style>. */
  styleSources?: string[];
  /** Origins a form may submit to besides the site itself; CSP applies form-action to the redirect after a submission too. */
  formTargets?: string[];
  referrerPolicy?: 'same-origin' | 'no-referrer';
}

export type HeaderMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A CSP source allowing exactly this inline `<style>` or `<script>` content. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * helmet with a strict policy: scripts and styles only from the site's own files (no inline script, no
 * eval), never framed, no <base>, forms only to the site. Cross-Origin-Opener-Policy stays unset: the
 * connect popup relies on its opener where the provider allows it (DESIGN §5). `same-origin` referrers
 * (rather than none) keep the Origin header on the site's own requests, which the Origin check needs.
 */
export function securityHeaders(options: SecurityHeaderOptions): HeaderMiddleware {
  const headers = recordHeaders(strictHelmet(options));
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    next();
  };
}

/**
 * helmet's answer depends only on its options (no per-request nonce here), so it is computed once and the
 * headers are copied onto each response, instead of running its twelve middlewares per request (helmet
 * only sets headers and removes X-Powered-By). It runs here against a response that is never sent.
 */
function recordHeaders(middleware: HeaderMiddleware): [string, string][] {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  // Names as helmet writes them (getHeaderNames() would lower-case them).
  const names = new Map<string, string>();
  const setHeader = response.setHeader.bind(response);
  response.setHeader = (name, value) => {
    names.set(name.toLowerCase(), name);
    return setHeader(name, value);
  };
  let finished = false;
  middleware(request, response, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return response.getHeaderNames().map((name) => [names.get(name) ?? name, String(response.getHeader(name))]);
}

function strictHelmet(options: SecurityHeaderOptions): HeaderMiddleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", ...(options.styleSources ?? [])],
        // data: images cannot run anything; the SPA's empty favicon and Swagger UI's icons are data: URLs.
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...(options.formTargets ?? [])],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginOpenerPolicy: false,
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: options.referrerPolicy ?? 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
