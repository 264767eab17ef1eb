/** Process entry: `npm start`. Reads the configuration, starts the server, stops gracefully on SIGTERM/SIGINT. */
import { loadServerConfig, ConfigError } from '../config/server';
import { createLogger } from './infra/logger';
import { startServer } from './server';
import { buildH5InBackground } from './dev-h5-build';

async function main(): Promise<void> {
  let config;
  try {
    config = loadServerConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.logLevel, { env: config.env });
  const running = await startServer({ config, log });
  if (config.env !== 'production') buildH5InBackground(log);
  let signals = 0;
  const onSignal = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C: stop now
    log.info({ signal }, 'signal received');
    running.stop().then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
