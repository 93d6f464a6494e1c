import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A part of the sandbox's state that must survive a restart of `npm start` (tokens, leads, …). Adding one:
 * give the class `toJSON()` returning plain JSON and `restore(data)` accepting what it returned, then one
 * line in SandboxStore's constructor: `this.persistent.register('<name>', this.<part>)`. State that tests
 * observe or switch (event log, faults) is deliberately not persisted.
 */
export interface PersistentSlice {
  toJSON(): unknown;
  /** Replaces the slice's state with a snapshot from an earlier run. */
  restore(data: unknown): void;
}

interface Snapshot {
  readonly version: 1;
  readonly slices: Record<string, unknown>;
}

/** The named slices of one sandbox, serialised together so one file is always one consistent moment. */
export class PersistentState {
  private readonly slices = new Map<string, PersistentSlice>();

  register(name: string, slice: PersistentSlice): void {
    if (this.slices.has(name)) throw new Error(`Sandbox: persistent slice "${name}" is registered twice`);
    this.slices.set(name, slice);
  }

  serialise(): string {
    const snapshot: Snapshot = { version: 1, slices: Object.fromEntries([...this.slices].map(([n, s]) => [n, s.toJSON()])) };
    return JSON.stringify(snapshot);
  }

  /** Slices missing from the snapshot keep their seeded state; names no longer registered are ignored. */
  restore(text: string): void {
    const snapshot = JSON.parse(text) as Partial<Snapshot>;
    if (snapshot.version !== 1 || typeof snapshot.slices !== 'object' || snapshot.slices === null) {
      throw new Error('not a sandbox state snapshot (version 1)');
    }
    for (const [name, slice] of this.slices) {
      if (Object.hasOwn(snapshot.slices, name)) slice.restore(snapshot.slices[name]);
    }
  }
}

const SAVE_DELAY_MS = 100;

/**
 * Keeps PersistentState in one JSON file: loaded at start, saved shortly after changes (bursts of requests
 * cost one write) and at close. Written to a temporary file and renamed, so a crash mid-write leaves the
 * previous snapshot intact rather than half a file.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private lastWritten: string | undefined;

  constructor(
    private readonly path: string,
    private readonly state: PersistentState,
  ) {}

  /** Restores the snapshot if there is one. An unreadable file is set aside (never silently overwritten). */
  load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      this.state.restore(text);
      this.lastWritten = text;
    } catch (error) {
      const aside = `${this.path}.unreadable-${Date.now()}`;
      renameSync(this.path, aside);
      console.warn(
        `Sandbox: could not restore ${this.path} (${(error as Error).message}); moved it to ${aside} and started fresh`,
      );
    }
  }

  /** Called after every request: what a request changes is saved soon after it. */
  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.save(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.state.serialise();
    if (text === this.lastWritten) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp-${process.pid}`;
    // Owner-only: page tokens are kept in the clear so the sandbox can hand out the same one again.
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.path);
    this.lastWritten = text;
  }
}
