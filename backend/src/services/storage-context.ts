import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { FileTokens } from './file-tokens.js';

/** What the bucket and file services work with: metadata, bytes, URL signing and the settings. */
export type StorageContext = {
  db: Db;
  store: ObjectStore;
  tokens: FileTokens;
  settings: Config['storage'];
  /** Absolute base of the API (`PUBLIC_API_URL` + `/api/v1`), for the URLs handed out. */
  apiUrl: string;
};
