/** One scripted provider API failure: an `ok:false` code (Slack) or an HTTP status (Google). */
export interface ScriptedError {
  error: string;
  /** How many calls it answers before the endpoint works again; 0 = until cleared. */
  remaining: number;
  retryAfterSeconds: number | null;
}

/** Fault switches for provider API methods (`slack:chat.postMessage`, `google-sheets:values.append`). */
export class ApiErrorScript {
  private readonly errors = new Map<string, ScriptedError>();

  set(providerKey: string, method: string, error: ScriptedError | null): void {
    if (error) this.errors.set(`${providerKey}:${method}`, error);
    else this.errors.delete(`${providerKey}:${method}`);
  }

  /** The error this call answers with, counting it down. */
  take(providerKey: string, method: string): ScriptedError | null {
    const key = `${providerKey}:${method}`;
    const error = this.errors.get(key);
    if (!error) return null;
    if (error.remaining === 1) this.errors.delete(key);
    else if (error.remaining > 1) this.errors.set(key, { ...error, remaining: error.remaining - 1 });
    return error;
  }

  clear(): void {
    this.errors.clear();
  }
}
