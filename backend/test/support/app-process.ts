import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface AppProcess {
  url: string;
  /** Everything the process has printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal; resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  close(): Promise<void>;
}

const MAIN = join(__dirname, '../../src/main.js');

/**
 * The app as a separate OS process (`node backend/dist/src/main.js`), for proving that instances share
 * nothing but the database.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO_SEED: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`App process exited (${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return { url, output: () => output, stop, close: async () => void (await stop()) };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`App process did not become healthy within 30 s:\n${output}`);
}
