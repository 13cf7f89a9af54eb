import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dataDirPath, ROOT } from './paths.js';

/**
 * Native-mode backup and restore: the PostgreSQL data folder and the object store, copied together
 * while SelfDB is stopped, so the database and the files it points to are one consistent snapshot.
 *
 *   node --import tsx backend/src/local/backup.ts backup [file]
 *   node --import tsx backend/src/local/backup.ts restore <file> [--force]
 */
const PARTS = ['postgres', 'storage'];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** PostgreSQL keeps postmaster.pid while it runs; a live pid there means SelfDB is up. */
function assertStopped(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return;
  }
  fail(
    `SelfDB is running on ${dataDir} (PostgreSQL pid ${pid}): stop it (Ctrl-C) before a backup or restore.`,
  );
}

function tar(args: string[]): void {
  const result = spawnSync('tar', args, { stdio: 'inherit' });
  if (result.status !== 0) fail(`tar ${args[0]} failed (exit ${result.status ?? result.signal})`);
}

async function backup(file: string | undefined): Promise<void> {
  const dataDir = dataDirPath();
  if (!existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) fail(`No SelfDB data in ${dataDir}`);
  assertStopped(dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.resolve(file ?? path.join(ROOT, 'backups', `selfdb-native-${stamp}.tar.gz`));
  await mkdir(path.dirname(target), { recursive: true });
  tar(['-czf', target, '-C', dataDir, ...PARTS.filter((part) => existsSync(path.join(dataDir, part)))]);
  console.log(`Backup written to ${target}`);
  console.log('Keep your .env with it: the secrets (SECRET_KEY, ANON_KEY, passwords) are not in the backup.');
}

async function restore(file: string | undefined, force: boolean): Promise<void> {
  if (!file || !existsSync(file)) fail('usage: restore <backup.tar.gz> [--force]');
  const dataDir = dataDirPath();
  const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
  if (listing.status !== 0 || !/^(\.\/)?postgres\/PG_VERSION$/m.test(listing.stdout)) {
    fail(`${file} is not a SelfDB native backup (no postgres/PG_VERSION inside)`);
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!force)
      fail(`${dataDir} is not empty: pass --force to restore over it (the current data is kept aside).`);
    assertStopped(dataDir);
    // Never delete: the data being replaced is moved aside, in case the backup was the wrong one.
    const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, aside);
    console.log(`The current data was moved to ${aside}`);
  }
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  tar(['-xzf', file, '-C', dataDir]);
  console.log(`Restored ${file} into ${dataDir}. Start SelfDB with the .env that belongs to this backup.`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'backup') await backup(args[0]);
else if (command === 'restore')
  await restore(
    args.find((a) => !a.startsWith('--')),
    args.includes('--force'),
  );
else fail('usage: backup.ts backup [file] | restore <file> [--force]');
