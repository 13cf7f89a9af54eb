import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, and where native mode keeps its settings and data (overridable for tests). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function envFilePath(): string {
  return path.resolve(ROOT, process.env.SELFDB_ENV_FILE ?? '.env');
}

export function dataDirPath(): string {
  return path.resolve(ROOT, process.env.SELFDB_DATA_DIR ?? '.selfdb');
}
