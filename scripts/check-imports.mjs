// Keeps backend/src's folders pointing down (CONVENTIONS "Folders point down"), run by `npm run lint`:
// * config/ and common/ import no feature: they sit below every feature;
// * the top-level folders of backend/src form no cycle (this is what forbids roles <-> auth);
// * the folders directly inside integrations/ form no cycle.
// Each violation prints as file:line. Violations that other work in flight removes are allow-listed below.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { findFiles } from './lib.mjs';

/** Folders below the features: they may import each other and `database/`, never a feature. */
const FOUNDATIONS = ['config', 'common'];

/**
 * @typedef {{ from: string, to: string, line: number }} Import  paths relative to the scanned root
 * @typedef {Import & { rule: string }} Violation
 */

/**
 * Every relative import of every `.ts` file under `root` that resolves to a file under `root`.
 * @param {string} root
 * @returns {Import[]}
 */
export function readImports(root) {
  const imports = [];
  for (const file of findFiles(root, '.ts')) {
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName, pos } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveModule(resolve(dirname(file), fileName));
      if (!target || relative(root, target).startsWith('..')) continue;
      const line = text.slice(0, pos).split('\n').length;
      imports.push({ from: relative(root, file).split(sep).join('/'), to: relative(root, target).split(sep).join('/'), line });
    }
  }
  return imports;
}

/** @param {string} path */
function resolveModule(path) {
  for (const candidate of [`${path}.ts`, join(path, 'index.ts'), path]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * The folder a file belongs to at one level below `prefix` (`'integrations/flows/x.ts'` under
 * `'integrations/'` is `'flows'`), or null for files outside `prefix` or directly in it.
 * @param {string} path
 * @param {string} prefix
 */
export function folderUnder(path, prefix) {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length).split('/');
  return rest.length > 1 ? rest[0] : null;
}

/**
 * The folder graph the imports draw: for each `from -> to` edge between two different folders, the
 * imports that make it. `folderOf` names a file's folder, or null to leave the file out.
 * @param {Import[]} imports
 * @param {(path: string) => string | null} folderOf
 * @returns {Map<string, Import[]>} keyed `from -> to`
 */
export function folderEdges(imports, folderOf) {
  /** @type {Map<string, Import[]>} */
  const edges = new Map();
  for (const item of imports) {
    const from = folderOf(item.from);
    const to = folderOf(item.to);
    if (!from || !to || from === to) continue;
    const key = `${from} -> ${to}`;
    edges.set(key, [...(edges.get(key) ?? []), item]);
  }
  return edges;
}

/**
 * The groups of folders that import each other in a circle (strongly connected components of more than
 * one folder, Tarjan's algorithm), each sorted by name.
 * @param {Iterable<string>} edgeKeys `from -> to`
 * @returns {string[][]}
 */
export function findCycles(edgeKeys) {
  /** @type {Map<string, string[]>} */
  const next = new Map();
  for (const key of edgeKeys) {
    const [from, to] = key.split(' -> ');
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  /** @type {Map<string, { index: number, low: number }>} */
  const marks = new Map();
  /** @type {string[]} */
  const stack = [];
  /** @type {string[][]} */
  const groups = [];
  /** @param {string} node */
  const visit = (node) => {
    const mark = { index: marks.size, low: marks.size };
    marks.set(node, mark);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      const seen = marks.get(to);
      if (!seen) {
        visit(to);
        mark.low = Math.min(mark.low, /** @type {{ low: number }} */ (marks.get(to)).low);
      } else if (stack.includes(to)) {
        mark.low = Math.min(mark.low, seen.index);
      }
    }
    if (mark.low !== mark.index) return;
    const group = stack.splice(stack.indexOf(node));
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...next.keys()].sort()) if (!marks.has(node)) visit(node);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The two folder graphs the rules look at: top-level folders of backend/src, and folders directly
 * inside integrations/ (prefixed `integrations/`).
 * @param {Import[]} imports
 */
export function folderGraphs(imports) {
  return {
    top: folderEdges(imports, (path) => folderUnder(path, '')),
    integrations: folderEdges(imports, (path) => {
      const folder = folderUnder(path, 'integrations/');
      return folder && `integrations/${folder}`;
    }),
  };
}

/**
 * Violations of the rules, leaving out the `allowed` folder edges.
 * @param {Import[]} imports
 * @param {Set<string>} allowed folder edges `from -> to` not to report
 * @returns {Violation[]}
 */
export function checkImports(imports, allowed) {
  const { top, integrations } = folderGraphs(imports);
  /** @type {Violation[]} */
  const violations = [];
  for (const [key, items] of top) {
    const [from, to] = key.split(' -> ');
    if (allowed.has(key) || !FOUNDATIONS.includes(from) || FOUNDATIONS.includes(to) || to === 'database') continue;
    for (const item of items) violations.push({ rule: `${from}/ imports a feature`, ...item });
  }
  /** @type {[string, Map<string, Import[]>][]} */
  const graphs = [
    ['backend/src', top],
    ['integrations/', integrations],
  ];
  for (const [name, edges] of graphs) {
    const kept = [...edges.keys()].filter((key) => !allowed.has(key));
    for (const group of findCycles(kept)) {
      const rule = `folder cycle in ${name} among ${group.join(', ')}`;
      for (const key of kept) {
        const [from, to] = key.split(' -> ');
        if (!group.includes(from) || !group.includes(to)) continue;
        for (const item of edges.get(key) ?? []) violations.push({ rule, ...item });
      }
    }
  }
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../backend/src', import.meta.url));
  const imports = readImports(root);
  const violations = checkImports(imports, new Set());
  for (const v of violations) console.log(`backend/src/${v.from}:${v.line}: ${v.rule} (imports ${v.to})`);
  const ok = violations.length === 0;
  console.log(`check-imports: ${violations.length} violation(s)${ok ? '' : ' — FAILED'}`);
  process.exit(ok ? 0 : 1);
}
