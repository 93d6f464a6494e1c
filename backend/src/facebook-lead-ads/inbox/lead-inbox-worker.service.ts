import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DrainService } from '../../health/drain.service';
import { FacebookFormConnection } from '../entities/facebook-form-connection.entity';
import { LeadInboxEntry } from '../entities/lead-inbox-entry.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import { FacebookSettings, facebookConfig } from '../facebook.config';
import type { GraphCaller } from '../graph.client';
import { type BatchOutcome, LeadImportService } from '../lead-import.service';
import { BLOCKED_BY_LEADS_ACCESS, FormAccessService } from './form-access.service';
import { RATE_LIMITED, TRANSIENT, WAITING_FOR_ACCESS, backoffMs } from './import-backoff';
import { LeadInboxService } from './lead-inbox.service';

/** Rows one claim takes; the pool works through them `inboxWorkers` chunks at a time (400 measured slower on both databases: the chunks queue on the event sequence and form counter rows anyway). */
const CLAIM_SIZE = 100;
/** Rows per chunk: one form's leads as one Graph Batch API call reads them (Meta's maximum). */
const GRAPH_BATCH = 50;
/** Refusals that name this form's leads: Leads Access Manager, app not live, no lead role (Graph 100/33, 10, 200–299). */
const ACCESS_REFUSALS = new Set<string>([
  FacebookLeadAdsError.MissingPermission,
  FacebookLeadAdsError.FacebookObjectNotFound,
  FacebookLeadAdsError.PageNotFound,
]);

/**
 * Each instance's import pool: claims due inbox rows under the lease and imports them through
 * LeadImportService. What Facebook answers decides what happens to a row — imported, retried with
 * jittered backoff, its page paused while Graph rate-limits it, or its form marked blocked — but a row
 * is never dropped while it could still be imported.
 */
@Injectable()
export class LeadInboxWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LeadInbox');
  /** Pages Graph rate-limited, until when; shared by this instance's workers (other instances learn it on their own). */
  private readonly pausedPages = new Map<string, { until: number; strikes: number }>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    @InjectRepository(FacebookFormConnection) private readonly forms: Repository<FacebookFormConnection>,
    private readonly inbox: LeadInboxService,
    private readonly imports: LeadImportService,
    private readonly access: FormAccessService,
    private readonly scheduler: SchedulerRegistry,
    private readonly drain: DrainService,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.wake(), this.settings.inboxPollMs);
    timer.unref();
    this.scheduler.addInterval('facebook-lead-inbox', timer);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Starts a pass unless one runs; a wake during a pass makes it look once more before it ends. */
  wake(): void {
    if (this.stopped || this.drain.isDraining) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainInbox()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`Inbox pass failed: ${(error as Error).message}`),
      )
      .finally(() => (this.running = undefined));
  }

  /**
   * Resolves once this instance has nothing due and no pass in flight (rows another pass holds are not
   * claimable, so draining alone could return before they are imported). For tests and the bench.
   */
  async settle(): Promise<void> {
    do {
      await this.running;
      await this.drainInbox();
    } while (this.running);
  }

  /** Imports until nothing is due; returns how many rows it handled. */
  async drainInbox(): Promise<number> {
    let handled = 0;
    do {
      this.again = false;
      let claimed: number;
      do {
        claimed = await this.runOnce();
        handled += claimed;
      } while (claimed === CLAIM_SIZE && !this.stopped && !this.drain.isDraining);
    } while (this.again && !this.stopped);
    return handled;
  }

  /**
   * Claims one batch and imports it with the pool, a form's rows at most one Graph batch (50) at a
   * time, so the pool's workers share a claim even when all of it is one form's.
   */
  async runOnce(): Promise<number> {
    const owner = randomUUID();
    const claimed = await this.inbox.claimDue(owner, CLAIM_SIZE, this.currentlyPausedPages());
    const byForm = new Map<string, LeadInboxEntry[]>();
    for (const entry of claimed) byForm.set(entry.formConnectionId, [...(byForm.get(entry.formConnectionId) ?? []), entry]);
    const queue: LeadInboxEntry[][] = [];
    for (const entries of byForm.values()) {
      for (let i = 0; i < entries.length; i += GRAPH_BATCH) queue.push(entries.slice(i, i + GRAPH_BATCH));
    }
    const forms = new Map<string, Promise<FacebookFormConnection | null>>();
    const callers = new Map<string, Promise<{ caller: GraphCaller } | null>>();
    const formOf = (id: string) => {
      if (!forms.has(id)) forms.set(id, this.forms.findOneBy({ id }));
      return forms.get(id)!;
    };
    await Promise.all(
      Array.from({ length: Math.min(this.settings.inboxWorkers, queue.length) }, async () => {
        for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
          await this.importChunk(chunk, owner, await formOf(chunk[0]!.formConnectionId), callers);
        }
      }),
    );
    return claimed.length;
  }

  /** The live connection and page caller of a form, looked up once per claimed batch. */
  private accessOf(form: FacebookFormConnection, callers: Map<string, Promise<{ caller: GraphCaller } | null>>) {
    if (!callers.has(form.id)) {
      const lookup = this.imports
        .liveConnection(form)
        .then(async (connection) => (connection ? { caller: await this.imports.callerFor(form, connection) } : null));
      // A failed lookup (Graph, the database) is not cached: the next lead of the form tries again.
      lookup.catch(() => callers.delete(form.id));
      callers.set(form.id, lookup);
    }
    return callers.get(form.id)!;
  }

  /** Rows of one form: each settled by what Facebook and the database said about its own lead. */
  private async importChunk(
    entries: LeadInboxEntry[],
    owner: string,
    form: FacebookFormConnection | null,
    callers: Map<string, Promise<{ caller: GraphCaller } | null>>,
  ): Promise<void> {
    const first = entries[0]!;
    try {
      if (!form) return await this.inbox.discardAll(entries, owner, 'The form was disconnected before this lead was imported.');
      const paused = this.pausedPages.get(first.pageId);
      if (paused && paused.until > Date.now()) {
        return await this.retryAll(entries, owner, paused.until - Date.now(), 'Facebook rate-limited this Page.');
      }
      const access = await this.accessOf(form, callers);
      if (!access) {
        const reason = 'The Facebook connection needs a reconnect; the lead waits for it.';
        for (const entry of entries)
          await this.inbox.retryLater(entry, owner, backoffMs(entry.attempts + 1, WAITING_FOR_ACCESS), reason);
        return;
      }
      const outcomes = await this.imports.importBatch(
        form,
        entries.map((entry) => entry.leadgenId),
        access.caller,
      );
      await this.settleChunk(entries, owner, form, outcomes);
    } catch (error) {
      // The whole chunk failed alike (Graph unreachable, a rejected page token, the database).
      await this.failedAll(entries, owner, form, error);
    }
  }

  private async settleChunk(entries: LeadInboxEntry[], owner: string, form: FacebookFormConnection, outcomes: BatchOutcome[]) {
    const entryOf = new Map(entries.map((entry) => [entry.leadgenId, entry]));
    const done: LeadInboxEntry[] = [];
    const failures: { entry: LeadInboxEntry; error: unknown }[] = [];
    for (const result of outcomes) {
      const entry = entryOf.get(result.leadgenId)!;
      if (result.error !== undefined) failures.push({ entry, error: result.error });
      else if (result.outcome === 'ignored')
        await this.inbox.discard(entry, owner, 'Facebook says this lead belongs to another form.');
      else done.push(entry);
    }
    await this.inbox.markAllImported(done, owner);
    if (done.length) {
      this.pausedPages.delete(form.pageId);
      if (form.state === 'blocked') await this.access.unblock(form);
    }
    await this.failedEach(failures, owner, form);
  }

  /** A rate limit counts once per Graph call, however many of its requests Graph refused. */
  private async failedEach(failures: { entry: LeadInboxEntry; error: unknown }[], owner: string, form: FacebookFormConnection) {
    const limited = failures.filter(({ error }) => codeOf(error) === FacebookLeadAdsError.RateLimited);
    if (limited.length)
      await this.rateLimited(
        limited.map(({ entry }) => entry),
        owner,
        (limited[0]!.error as Error).message,
      );
    for (const { entry, error } of failures)
      if (codeOf(error) !== FacebookLeadAdsError.RateLimited) await this.failed(entry, owner, form, error);
  }

  private async failedAll(entries: LeadInboxEntry[], owner: string, form: FacebookFormConnection | null, error: unknown) {
    if (codeOf(error) === FacebookLeadAdsError.RateLimited) return this.rateLimited(entries, owner, (error as Error).message);
    for (const entry of entries) await this.failed(entry, owner, form, error);
  }

  /** Pauses the page (one strike more) and lets its rows wait out the pause. */
  private async rateLimited(entries: LeadInboxEntry[], owner: string, reason: string): Promise<void> {
    const pageId = entries[0]!.pageId;
    const strikes = (this.pausedPages.get(pageId)?.strikes ?? 0) + 1;
    const delay = backoffMs(strikes, RATE_LIMITED);
    this.pausedPages.set(pageId, { until: Date.now() + delay, strikes });
    await this.retryAll(entries, owner, delay, reason);
  }

  private async retryAll(entries: LeadInboxEntry[], owner: string, delayMs: number, reason: string): Promise<void> {
    for (const entry of entries) await this.inbox.retryLater(entry, owner, delayMs, reason);
  }

  private async failed(entry: LeadInboxEntry, owner: string, form: FacebookFormConnection | null, error: unknown): Promise<void> {
    const code = codeOf(error);
    const reason = (error as Error).message ?? String(error);
    if (code === FacebookLeadAdsError.RateLimited) return this.rateLimited([entry], owner, reason);
    if (form && code && (ACCESS_REFUSALS.has(code) || code === FacebookLeadAdsError.PageTokenRejected)) {
      if (code === FacebookLeadAdsError.PageTokenRejected) await this.access.blockPage(form);
      else await this.access.block(form, BLOCKED_BY_LEADS_ACCESS);
      return this.inbox.retryLater(entry, owner, backoffMs(entry.attempts + 1, WAITING_FOR_ACCESS), reason);
    }
    if (!code) this.logger.warn(`Importing lead ${entry.leadgenId} failed; retrying: ${reason}`);
    return this.inbox.retryLater(entry, owner, backoffMs(entry.attempts + 1, TRANSIENT), reason);
  }

  private currentlyPausedPages(): string[] {
    const now = Date.now();
    return [...this.pausedPages].filter(([, pause]) => pause.until > now).map(([page]) => page);
  }
}

const codeOf = (error: unknown) => (error instanceof FacebookLeadAdsException ? error.code : null);
