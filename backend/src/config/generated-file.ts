import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret generated once into DATA_DIR (readable by the owner only) and read back on every later start,
 * so a development instance gets its own value instead of one printed in the docs. An instance racing
 * another to create it reads the winner's.
 */
export function generatedOnce(dataDir: string, fileName: string, generate: () => string): { file: string; value: string } {
  const file = join(dataDir, fileName);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  return { file, value: readFileSync(file, 'utf8').trim() };
}
