import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

/** A figure read from the database when scraped, so every instance reports the same value. */
export interface DatabaseGauge {
  name: string;
  help: string;
  labelNames?: string[];
  collect(): Promise<GaugeSample[]>;
}

/**
 * The instance's Prometheus registry. Counters and histograms live in this process (Prometheus sums
 * them across instances); figures about shared state (queues, lag) are read from the database at
 * scrape time by the gauges features register here. One registry per app, so two apps in one process
 * (tests) never mix their figures.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly databaseGauges: string[] = [];

  /** RED per route: rate and errors from the count by status, duration from the buckets. */
  readonly httpRequests = new Histogram({
    name: 'aurora_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly connectOutcomes = new Counter({
    name: 'aurora_connect_outcomes_total',
    help: 'Finished connect flows by provider and outcome (connected, denied, failed, expired, cancelled)',
    labelNames: ['provider', 'status'] as const,
    registers: [this.registry],
  });

  readonly tokenRefreshes = new Counter({
    name: 'aurora_token_refreshes_total',
    help: 'Access-token refreshes by provider and outcome (refreshed, reauth_required, failed)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookLeads = new Counter({
    name: 'aurora_facebook_webhook_leads_total',
    help: 'Leads notified by Facebook webhooks, by what became of them',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly leadImportLag = new Histogram({
    name: 'aurora_lead_import_lag_seconds',
    help: 'Time from a lead being created at Facebook to its contact being stored here',
    buckets: [1, 5, 15, 60, 300, 900, 3600, 21600, 86400],
    registers: [this.registry],
  });

  /**
   * Counted by the outbound webhook delivery worker (DESIGN §12), one per attempt, by outcome
   * (`delivered`, `failed`, `timeout`, `refused`: see AttemptOutcome).
   */
  readonly eventDeliveryAttempts = new Counter({
    name: 'aurora_event_delivery_attempts_total',
    help: 'Outbound webhook delivery attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Calls services made through the provider proxy, by provider and the status the caller got. */
  readonly proxyCalls = new Counter({
    name: 'aurora_proxy_calls_total',
    help: 'Provider proxy calls by provider and status returned to the caller',
    labelNames: ['provider', 'status'] as const,
    registers: [this.registry],
  });

  readonly proxyDuration = new Histogram({
    name: 'aurora_proxy_duration_seconds',
    help: 'Provider proxy calls, from request to the provider answer relayed (refresh and retry included)',
    labelNames: ['provider'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });

  readonly housekeepingDeleted = new Counter({
    name: 'aurora_housekeeping_deleted_rows_total',
    help: 'Rows removed by housekeeping, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers a gauge whose samples are read (from the database) each time metrics are collected. */
  registerDatabaseGauge({ name, help, labelNames = [], collect }: DatabaseGauge): void {
    this.databaseGauges.push(name);
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        // A database that cannot answer leaves this gauge empty for one scrape instead of failing all of it.
        const samples = await collect().catch(() => []);
        this.reset();
        for (const { labels = {}, value } of samples) this.set(labels, value);
      },
    });
  }

  /** The Prometheus text exposition of everything. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The database-derived figures as `name{labels} value` lines (what `npm run cli -- stats` prints). */
  async databaseFigures(): Promise<string[]> {
    const lines: string[] = [];
    for (const name of this.databaseGauges) {
      const metric = await this.registry.getSingleMetric(name)?.get();
      for (const { labels, value } of metric?.values ?? []) {
        const label = Object.entries(labels)
          .map(([key, text]) => `${key}="${String(text)}"`)
          .join(',');
        lines.push(`${name}${label ? `{${label}}` : ''} ${value}`);
      }
    }
    return lines;
  }
}
