import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkImports, findCycles, readImports } from './check-imports.mjs';

/** @type {string[]} */
const roots = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/**
 * A tiny backend/src: each key is a file, each value its source.
 * @param {Record<string, string>} files
 */
function fixture(files) {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return readImports(root);
}

/** @param {import('./check-imports.mjs').Violation[]} violations */
const lines = (violations) => violations.map((v) => `${v.from}:${v.line} ${v.rule}`).sort();

describe('check-imports', () => {
  it('reports every import of a three-folder ring with its file and line', () => {
    const imports = fixture({
      'a/a.ts': "import { b } from '../b/b';\nexport const a = b;\n",
      'b/b.ts': "\n\nexport { c as b } from '../c';\n",
      'c/index.ts': "import type { A } from '../a/a';\nexport const c = 1;\n",
    });
    assert.deepEqual(lines(checkImports(imports, new Set())), [
      'a/a.ts:1 folder cycle in backend/src among a, b, c',
      'b/b.ts:3 folder cycle in backend/src among a, b, c',
      'c/index.ts:1 folder cycle in backend/src among a, b, c',
    ]);
  });

  it('accepts folders that only point down, and imports within one folder', () => {
    const imports = fixture({
      'a/a.ts': "import { b } from '../b/b';\nimport { a2 } from './a2';\n",
      'a/a2.ts': "import { c } from '../c/c';\n",
      'b/b.ts': "import { c } from '../c/c';\n",
      'c/c.ts': 'export const c = 1;\n',
    });
    assert.deepEqual(checkImports(imports, new Set()), []);
  });

  it('finds a cycle among the folders inside integrations/ but not with integrations/ itself', () => {
    const imports = fixture({
      'integrations/integrations.module.ts': "import { F } from './flows/f';\n",
      'integrations/flows/f.ts': "import { M } from '../integrations.module';\nimport { C } from '../connections/c';\n",
      'integrations/connections/c.ts': "import { F } from '../flows/f';\n",
    });
    assert.deepEqual(lines(checkImports(imports, new Set())), [
      'integrations/connections/c.ts:1 folder cycle in integrations/ among integrations/connections, integrations/flows',
      'integrations/flows/f.ts:2 folder cycle in integrations/ among integrations/connections, integrations/flows',
    ]);
  });

  it('lets a feature import config/ and common/, but not the reverse', () => {
    const imports = fixture({
      'auth/auth.ts': "import { settings } from '../config';\nimport { shared } from '../common/shared';\n",
      'config/index.ts': "import { database } from '../database/options';\n",
      'common/shared.ts': "import { Role } from '../roles/role';\n",
      'database/options.ts': 'export const database = 1;\n',
      'roles/role.ts': 'export enum Role {}\n',
    });
    assert.deepEqual(lines(checkImports(imports, new Set())), ['common/shared.ts:1 common/ imports a feature']);
  });

  it('leaves allow-listed edges out, so only the cycles they do not explain remain', () => {
    const imports = fixture({
      'auth/auth.ts': "import { Role } from '../roles/role';\n",
      'roles/role.ts': 'export enum Role {}\n',
      'roles/guard.ts': "import { User } from '../auth/auth';\n",
      'config/index.ts': "import { P } from '../integrations/catalog';\n",
      'integrations/catalog.ts': "import { s } from '../config';\n",
    });
    assert.equal(checkImports(imports, new Set()).length, 5);
    assert.deepEqual(checkImports(imports, new Set(['roles -> auth', 'config -> integrations'])), []);
  });

  it('groups a graph into its cycles, leaving out folders that only hang off them', () => {
    const groups = findCycles(['a -> b', 'b -> a', 'b -> c', 'c -> d', 'd -> c', 'e -> a']);
    assert.deepEqual(groups, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
