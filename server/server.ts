/**
 * Starts and stops one server instance: config → database (migrations run at start) → container → demo data
 * on an empty embedded database → HTTP → background work. `stop()` is the graceful shutdown: stop accepting,
 * let in-flight requests finish, stop scheduled work, close the pool.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from '../config/server';
import { openDatabase } from './infra/db';
import { migrate } from './infra/migrate';
import { createLogger, type Logger } from './infra/logger';
import { systemClock, type Clock } from './kernel/clock';
import { createContainer, type Adapters, type Container } from './container';
import { createApp } from './app';
import { seedDemoIfEmpty } from './seed/demo';

export interface RunningServer {
  url: string;
  port: number;
  container: Container;
  server: http.Server;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: ServerConfig;
  clock?: Clock;
  log?: Logger;
  adapters?: Partial<Adapters>;
  /** Background work (scheduler, dispatchers) starts unless false; tests drive it by hand. */
  background?: boolean;
}

const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.logLevel, { env: config.env });
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase(config.databaseUrl, { logger: log });
  await migrate(db, log);
  const container = createContainer({ config, log, db, clock, adapters: opts.adapters });
  if (config.demo.seedOnEmptyDatabase) await seedDemoIfEmpty(container);

  let shuttingDown = false;
  const app = createApp(container, { isShuttingDown: () => shuttingDown });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const background = opts.background ?? config.scheduler.enabled;
  if (background) await container.startBackground?.();
  log.info({ port, database: db.dialect, env: config.env }, 'linli server listening');

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    shuttingDown = true;
    log.info('shutting down: no new connections, finishing in-flight requests');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections that go idle are closed as they finish their request.
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS).unref());
    if ((await Promise.race([closed.then(() => 'closed' as const), grace])) === 'timeout') {
      log.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
      await closed;
    }
    clearInterval(sweeper);
    await container.stopBackground?.();
    await db.close();
    log.info('stopped');
  })());

  return { url: `http://127.0.0.1:${port}`, port, container, server, stop };
}
