import { loadConfig } from './config/config.js';
import { StartupError } from './errors.js';
import { startServer } from './server.js';

/** Process entry point (`npm start`): the only module with side effects on import. */
async function main(): Promise<void> {
  try {
    const { stop } = await startServer(loadConfig());
    const shutdown = () => {
      // A second signal while draining means "now".
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`hsg-cds: shutdown failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(`hsg-cds: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
