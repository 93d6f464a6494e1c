import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
