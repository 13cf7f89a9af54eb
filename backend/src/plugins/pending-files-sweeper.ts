import fp from 'fastify-plugin';
import { sweepPendingFiles } from '../services/pending-files.js';

/** Sweeps abandoned pending uploads every STORAGE_SWEEP_INTERVAL_SECONDS, in every replica. */
export const pendingFilesSweeperPlugin = fp(
  async (app) => {
    let timer: NodeJS.Timeout | undefined;
    const sweep = async () => {
      try {
        const swept = await sweepPendingFiles(app.storage);
        if (swept) app.log.info({ swept }, 'removed abandoned pending uploads');
      } catch (err) {
        app.log.warn({ err }, 'sweeping pending uploads failed; retrying at the next interval');
      }
    };
    app.addHook('onReady', async () => {
      timer = setInterval(sweep, app.config.storage.sweepIntervalSeconds * 1000);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'pending-files-sweeper', dependencies: ['storage'] },
);
