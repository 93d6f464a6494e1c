export { startSandbox } from './sandbox-server';
export type { SandboxClient, SandboxOptions, SandboxServer } from './sandbox.types';
