/**
 * Starts the real server on a free port over a fresh test database, with a manual clock the test moves by
 * hand. Tests talk to it over real HTTP (`request(srv.url)` with supertest, or fetch).
 */
import { loadServerConfig, type ServerConfig } from '../../config/server';
import { startServer, type RunningServer, type StartOptions } from '../../server/server';
import { ManualClock } from '../../server/kernel/clock';
import { dropTestDatabase, resetDatabase, testDatabaseUrl } from './db';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestServer extends RunningServer {
  clock: ManualClock;
  databaseUrl: string;
  /** Empty every table (the schema stays). */
  reset(): Promise<void>;
  /** Stop the server and drop its database. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  config?: DeepPartial<ServerConfig>;
  adapters?: StartOptions['adapters'];
  clock?: ManualClock;
  /** Several servers on one database (instances): give them the same name and `keepDatabase`. */
  databaseName?: string;
  keepDatabase?: boolean;
  background?: boolean;
}

export function testConfig(databaseUrl: string, extra: DeepPartial<ServerConfig> = {}): ServerConfig {
  return loadServerConfig({ NODE_ENV: 'test' }, { databaseUrl, ...extra } as never);
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const databaseUrl = testDatabaseUrl(opts.databaseName ?? 'main');
  if (!opts.keepDatabase) await dropTestDatabase(databaseUrl);
  const clock = opts.clock ?? new ManualClock();
  const running = await startServer({
    config: testConfig(databaseUrl, opts.config),
    clock,
    adapters: opts.adapters,
    background: opts.background ?? false,
  });
  return {
    ...running,
    clock,
    databaseUrl,
    async reset() {
      await resetDatabase(running.container.db);
      running.container.views.clearCache();
    },
    async close() {
      await running.stop();
      if (!opts.keepDatabase) await dropTestDatabase(databaseUrl);
    },
  };
}
