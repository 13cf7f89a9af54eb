import { ConfigError, loadConfig } from './config.js';
import { prepareDatabase } from './prepare-database.js';

/** `npm run initial-data -w backend`: migrate and create the default superuser, then exit. */
prepareDatabase(loadConfig(process.env), (message) => console.log(message)).then(
  () => console.log('initial data is in place'),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
