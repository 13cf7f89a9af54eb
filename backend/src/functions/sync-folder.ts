import type { Config } from '../config.js';
import type { Db } from '../db/pool.js';
import { importAndWriteFunctions } from '../services/functions.js';
import { codeOf, readFunctionFiles } from './files.js';
import { type FunctionMeta, inspectModule } from './module-check.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * At backend start: files placed in the functions folder by hand become functions (when they
 * load), and every active function's file is written, so the folder matches the database.
 */
export async function syncFunctionFolder(
  config: Config,
  db: Db,
  log: (message: string) => void,
): Promise<void> {
  const dir = config.functions.dir;
  const files = await readFunctionFiles(dir);
  const known = new Set(
    (await db.query<{ name: string }>('SELECT name FROM selfdb.functions')).rows.map((r) => r.name),
  );
  const handPlaced: Array<{ name: string; code: string; meta: FunctionMeta }> = [];
  for (const [name, content] of files) {
    if (known.has(name) || !NAME.test(name)) continue;
    const code = codeOf(content);
    try {
      handPlaced.push({ name, code, meta: await inspectModule(code) });
    } catch (err) {
      log(`functions/${name}.ts is not imported: ${err instanceof Error ? err.message : err}`);
    }
  }
  const imported = await importAndWriteFunctions(db, dir, handPlaced);
  if (imported.length > 0) log(`imported functions from ${dir}: ${imported.join(', ')}`);
}
