import { INestApplication } from '@nestjs/common';

export interface AppRoute {
  method: string;
  path: string;
}

/** Every API route the running app serves, read from the Express router (so none can be forgotten). */
export function appRoutes(app: INestApplication): AppRoute[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .filter((layer) => layer.route?.path.startsWith('/api/v1/'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })),
    );
}
