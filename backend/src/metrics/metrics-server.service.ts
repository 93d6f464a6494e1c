import { createServer, Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { answerScrape, METRICS_PATH } from './metrics-endpoint';
import { MetricsSettings, metricsConfig } from './metrics.config';
import { MetricsService } from './metrics.service';

/** With METRICS_PORT set, `/metrics` also gets a listener of its own, for a network Prometheus reaches and browsers do not. */
@Injectable()
export class MetricsServerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(
    @Inject(metricsConfig.KEY) private readonly settings: MetricsSettings,
    private readonly metrics: MetricsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The CLI runs an application context without HTTP: it has nothing to serve.
    if (this.settings.port === null || !this.adapterHost.httpAdapter) return;
    const server = createServer((req, res) => {
      if (req.method === 'GET' && new URL(req.url ?? '/', 'http://metrics').pathname === METRICS_PATH) {
        void answerScrape(this.metrics, this.settings.token, req, res);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.settings.port, resolve));
    this.server = server;
    this.logger.log(`Serving ${METRICS_PATH} on port ${this.settings.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
