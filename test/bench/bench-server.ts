/**
 * The real Linli server, in its own process, for the benchmark: the configuration comes from the environment
 * (DATABASE_URL, JWT_SECRET, LOG_LEVEL…) exactly as in production. Prints "READY <port>" when it listens.
 */
import { loadServerConfig } from '../../config/server';
import { startServer } from '../../server/server';

(async () => {
  const config = loadServerConfig(process.env, { port: 0, demo: { seedOnEmptyDatabase: false } });
  const running = await startServer({ config });
  process.stdout.write(`READY ${running.port}\n`);
  process.on('SIGTERM', () => { running.stop().then(() => process.exit(0), () => process.exit(1)); });
})().catch((err) => { console.error(err); process.exit(1); });
