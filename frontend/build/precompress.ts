import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(?:html|js|css|svg|json|txt)$/;

/**
 * Writes `<file>.br` and `<file>.gz` next to every text file of the build, at the highest levels: the
 * server picks one by Accept-Encoding and never compresses on the fly. A variant that would not be
 * smaller is not written. Files under dot-folders (Vite's .vite/manifest.json) are build metadata.
 */
export function precompress(): Plugin {
  return {
    name: 'aurora:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? '';
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName) || fileName.startsWith('.')) continue;
        const path = join(outDir, fileName);
        const content = readFileSync(path);
        const variants = {
          br: brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
          gz: gzipSync(content, { level: 9 }),
        };
        for (const [extension, compressed] of Object.entries(variants)) {
          if (compressed.length < content.length) writeFileSync(`${path}.${extension}`, compressed);
        }
      }
    },
  };
}
