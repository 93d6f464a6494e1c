export { startSandbox } from './core/sandbox-server';
export type { SandboxClient, SandboxOptions, SandboxServer } from './core/sandbox.types';
