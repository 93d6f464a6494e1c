// `npm run lint` part: static checks of docker/ (no Docker engine or hadolint binary is available here).
// Each rule is one line a reviewer would otherwise have to remember; a failure names the file and rule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { ROOT } from './lib.mjs';

const PINNED_IMAGE = /^[\w./-]+(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/;
const TOOLCHAIN = /(^|\s)(g\+\+|gcc|make|python3|build-essential)(\s|$)/;

/**
 * @typedef {{ line: number, op: string, args: string }} Instruction
 * @typedef {{ image: string, name: string | undefined, steps: Instruction[] }} Stage
 * @typedef {{
 *   image?: string, build?: { dockerfile?: string }, restart?: string, command?: string | string[],
 *   environment?: string[] | Record<string, string>, ports?: string[], read_only?: boolean, tmpfs?: string[],
 *   depends_on?: Record<string, { condition?: string }>, stop_grace_period?: string, healthcheck?: unknown,
 * }} ComposeService the parts of a compose service the rules read
 */

/**
 * Instructions with continuation lines joined and comments dropped.
 * @param {string} dockerfile
 * @returns {Instruction[]}
 */
function instructions(dockerfile) {
  /** @type {Instruction[]} */
  const result = [];
  let pending = '';
  let start = 0;
  dockerfile.split('\n').forEach((raw, index) => {
    if (!pending && /^\s*(#|$)/.test(raw)) return;
    if (!pending) start = index + 1;
    pending += raw.replace(/\\\s*$/, ' ');
    if (/\\\s*$/.test(raw)) return;
    const [, op, args] = /^\s*(\w+)\s*(.*)$/.exec(pending) ?? [];
    result.push({ line: start, op: op.toUpperCase(), args: args.trim() });
    pending = '';
  });
  return result;
}

/** @param {string} text */
export function checkDockerfile(text) {
  const problems = [];
  /** @type {Stage[]} */
  const stages = [];
  for (const step of instructions(text)) {
    if (step.op === 'FROM') {
      const [image, as, name] = step.args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, steps: [] });
      if (!PINNED_IMAGE.test(image)) problems.push(`line ${step.line}: base image ${image} is not pinned to an exact version`);
      continue;
    }
    stages.at(-1)?.steps.push(step);
  }
  if (stages.length < 2) problems.push('not a multi-stage build');
  if (new Set(stages.map((s) => s.image)).size > 1)
    problems.push('stages use different base images (node_modules built in one must run in another)');
  const names = stages.map((s) => s.name);
  for (const [i, stage] of stages.entries()) {
    for (const step of stage.steps) {
      const at = `line ${step.line}`;
      if (step.op === 'ADD') problems.push(`${at}: use COPY, not ADD, for local files`);
      if (step.op === 'WORKDIR' && !step.args.startsWith('/')) problems.push(`${at}: WORKDIR must be absolute`);
      const from = /--from=(\S+)/.exec(step.args)?.[1];
      if (step.op === 'COPY' && from && !names.slice(0, i).includes(from))
        problems.push(`${at}: COPY --from=${from} names no earlier stage`);
      if (step.op !== 'RUN') continue;
      if (/\bsudo\b/.test(step.args)) problems.push(`${at}: no sudo in a build`);
      if (/apt-get install/.test(step.args) && !/--no-install-recommends/.test(step.args))
        problems.push(`${at}: apt-get install without --no-install-recommends`);
      if (/apt-get (update|install)/.test(step.args) && !/rm -rf \/var\/lib\/apt\/lists/.test(step.args))
        problems.push(`${at}: apt lists are left in the layer`);
    }
  }
  const runtime = stages.at(-1);
  if (!runtime) return problems;
  const steps = (/** @type {string} */ op) => runtime.steps.filter((s) => s.op === op);
  const env = steps('ENV')
    .map((s) => s.args)
    .join(' ');
  if (steps('RUN').some((s) => TOOLCHAIN.test(s.args))) problems.push('the final stage installs a compiler toolchain');
  if (steps('RUN').some((s) => /\bnpm (ci|install)\b/.test(s.args)))
    problems.push('the final stage installs packages itself; copy production node_modules from a stage');
  const depsStage = stages.find((s) =>
    steps('COPY').some((c) => c.args.includes(`--from=${s.name}`) && c.args.includes('node_modules')),
  );
  if (!depsStage?.steps.some((s) => s.op === 'RUN' && /npm ci\b.*--omit=dev/.test(s.args)))
    problems.push('the node_modules in the final stage do not come from `npm ci --omit=dev`');
  if (!/\bNODE_ENV=production\b/.test(env)) problems.push('the final stage does not set NODE_ENV=production');
  if (!/\bDATA_DIR=\/data\b/.test(env) || !steps('VOLUME').some((s) => s.args.includes('/data')))
    problems.push('data must live under VOLUME /data (DATA_DIR=/data)');
  const user = steps('USER').at(-1)?.args;
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push('the final stage runs as root');
  const healthcheck = steps('HEALTHCHECK').at(-1)?.args ?? '';
  if (!/CMD \[/.test(healthcheck)) problems.push('the final stage has no HEALTHCHECK in exec form');
  if (!steps('CMD').at(-1)?.args.startsWith('[')) problems.push('CMD is not in exec form (signals would go to a shell)');
  return problems;
}

/** @param {string} text */
export function checkDockerignore(text) {
  const entries = new Set(text.split('\n').map((l) => l.trim()));
  const required = ['.git', '**/node_modules', '**/dist', 'data', '.env', '**/*.log', '**/*.keys'];
  return required.filter((entry) => !entries.has(entry)).map((entry) => `does not exclude ${entry}`);
}

/** @param {ComposeService} service @returns {Record<string, string>} */
const envOf = (service) =>
  Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((e) => e.split('=')))
    : (service.environment ?? {});
const seconds = (/** @type {string | undefined} */ duration) => Number(/^(\d+)s$/.exec(String(duration))?.[1] ?? 0);

/**
 * @param {{ services?: Record<string, ComposeService> }} compose
 * @param {string} caddyfile
 */
export function checkCompose(compose, caddyfile) {
  const problems = [];
  const services = Object.entries(compose.services ?? {});
  for (const [name, service] of services) {
    if (service.image && !PINNED_IMAGE.test(service.image) && !service.build)
      problems.push(`${name}: image ${service.image} is not pinned to an exact version`);
  }
  const appServices = services.filter(([, s]) => s.build?.dockerfile === 'docker/Dockerfile');
  const oneOff = appServices.filter(([, s]) => s.restart === 'no');
  const instances = appServices.filter(([, s]) => s.restart !== 'no');
  if (instances.length < 2) problems.push('fewer than two app instances');
  if (!oneOff.some(([, s]) => s.command?.includes('migrate'))) problems.push('no one-off `migrate` service (the release step)');
  for (const [name, service] of appServices) {
    const env = envOf(service);
    if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV is not production`);
    if (env.SANDBOX !== 'off') problems.push(`${name}: the sandbox is not off`);
    if (!/^\$\{TOKEN_ENCRYPTION_KEYS:\?.+\}$/.test(env.TOKEN_ENCRYPTION_KEYS ?? ''))
      problems.push(`${name}: TOKEN_ENCRYPTION_KEYS is not required (\${TOKEN_ENCRYPTION_KEYS:?message})`);
    if (service.ports?.length) problems.push(`${name}: publishes ports; only the proxy may`);
    if (service.read_only !== true || !service.tmpfs?.includes('/tmp')) problems.push(`${name}: not read_only with a /tmp tmpfs`);
  }
  for (const [name, service] of instances) {
    const env = envOf(service);
    if (service.restart !== 'unless-stopped') problems.push(`${name}: restart is not unless-stopped`);
    if (env.MIGRATIONS !== 'manual') problems.push(`${name}: MIGRATIONS is not manual (the migrate service is the release step)`);
    if (service.depends_on?.migrate?.condition !== 'service_completed_successfully')
      problems.push(`${name}: does not wait for migrate`);
    if (seconds(service.stop_grace_period) * 1000 <= Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000))
      problems.push(`${name}: stop_grace_period is not longer than SHUTDOWN_TIMEOUT_MS`);
    if (!caddyfile.includes(`${name}:3000`)) problems.push(`${name}: not an upstream in docker/Caddyfile`);
  }
  const mysql = services.find(([, s]) => /^mysql:8\./.test(s.image ?? ''));
  if (!mysql?.[1].healthcheck) problems.push('no MySQL 8 service with a healthcheck');
  const proxy = services.find(([, s]) => /^(caddy|nginx):/.test(s.image ?? ''));
  if (!proxy?.[1].ports?.length) problems.push('no published reverse proxy (caddy or nginx)');
  for (const [name] of instances) {
    if (proxy?.[1].depends_on?.[name]?.condition !== 'service_healthy')
      problems.push(`proxy: does not wait for ${name} to be healthy`);
  }
  if (!/health_uri \/api\/v1\/health/.test(caddyfile))
    problems.push('docker/Caddyfile: no active health check on /api/v1/health');
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const read = (/** @type {string} */ path) => readFileSync(join(ROOT, path), 'utf8');
  const problems = [
    ...checkDockerfile(read('docker/Dockerfile')).map((p) => `docker/Dockerfile: ${p}`),
    ...checkDockerignore(read('.dockerignore')).map((p) => `.dockerignore: ${p}`),
    ...checkCompose(
      /** @type {{ services?: Record<string, ComposeService> }} */ (yaml.load(read('docker/compose.yaml'))),
      read('docker/Caddyfile'),
    ).map((p) => `docker/compose.yaml: ${p}`),
  ];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
}
