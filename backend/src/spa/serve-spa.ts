import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { type ContentEncoding, PRECOMPRESSED, preferredEncoding } from './accept-encoding';

/** Vite puts every content-hashed file here: a new build gives them new names, so they never change. */
const HASHED_DIR = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files, so browsers revalidate it (cheaply, by ETag) every time. */
const REVALIDATE = 'no-cache';

interface SpaFile {
  /** Path relative to the SPA folder, with forward slashes. */
  file: string;
  /** Precompressed siblings present on disk, by encoding. */
  variants: Map<ContentEncoding, string>;
}

/** Every servable file by URL path. Dot-folders (Vite's .vite/manifest.json) are build metadata, not served. */
function scanSpa(spaDir: string): Map<string, SpaFile> {
  const names = new Set(
    readdirSync(spaDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(spaDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((name) => !name.split('/').some((part) => part.startsWith('.'))),
  );
  const isVariant = (name: string) =>
    PRECOMPRESSED.some(({ suffix }) => name.endsWith(suffix) && names.has(name.slice(0, -suffix.length)));
  const files = new Map<string, SpaFile>();
  for (const file of names) {
    if (isVariant(file)) continue;
    const variants = new Map(
      PRECOMPRESSED.filter(({ suffix }) => names.has(file + suffix)).map(({ encoding, suffix }) => [encoding, file + suffix]),
    );
    files.set(`/${file}`, { file, variants });
  }
  return files;
}

function send(req: Request, res: Response, spaDir: string, urlPath: string, spa: SpaFile, next: NextFunction): void {
  const encoding = preferredEncoding(req.headers['accept-encoding'], [...spa.variants.keys()]);
  res.type(extname(spa.file));
  res.setHeader('Cache-Control', urlPath.startsWith(HASHED_DIR) ? IMMUTABLE : REVALIDATE);
  if (spa.variants.size > 0) res.vary('Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  const file = encoding ? (spa.variants.get(encoding) as string) : spa.file;
  // A byte range of a compressed variant is not a range of the file: ranges only for the file as it is.
  res.sendFile(file, { root: spaDir, cacheControl: false, acceptRanges: !encoding }, (error?: Error) => {
    if (!error || res.headersSent) return;
    // The error answer is JSON written by the filter, not the variant these headers described.
    res.removeHeader('Content-Encoding');
    next(error);
  });
}

/**
 * Serves the built SPA from a list made at start-up (a build replaces the folder and restarts the app),
 * precompressed by Accept-Encoding, with immutable caching for hashed files. Unknown non-API paths get
 * index.html so deep links work (history mode). API paths never touch the file system.
 */
export function spaMiddleware(spaDir: string): ((req: Request, res: Response, next: NextFunction) => void) | null {
  if (!existsSync(join(spaDir, 'index.html'))) return null;
  const files = scanSpa(spaDir);
  const index = files.get('/index.html') as SpaFile;
  return (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const found = files.get(req.path);
    if (found) return send(req, res, spaDir, req.path, found, next);
    send(req, res, spaDir, '/index.html', index, next);
  };
}
