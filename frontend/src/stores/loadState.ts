/** Lifecycle of anything loaded from the server. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';
