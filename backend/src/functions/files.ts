import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The functions folder, as the backend writes it for the runtime. A function's file is its current
 * code followed by one marker line naming its version and settings revision: changing env vars or
 * the timeout changes the file, and every runtime watching the folder reloads the function.
 * Files are replaced atomically (write a temporary file, then rename), so a runtime never loads
 * half a module; the backend deletes only files carrying its marker.
 */
const MARKER = '// selfdb:managed';

export type FunctionFile = { name: string; code: string; version: number; settingsRevision: number };

export function fileContent(fn: FunctionFile): string {
  const code = fn.code.endsWith('\n') ? fn.code : `${fn.code}\n`;
  return `${code}${MARKER} version=${fn.version} settings=${fn.settingsRevision}\n`;
}

/** The code of a file as the user wrote it (without the marker line, if the backend added one). */
export function codeOf(content: string): string {
  const at = content.lastIndexOf(`\n${MARKER} `);
  return at >= 0 ? content.slice(0, at + 1) : content;
}

export async function writeFunctionFile(dir: string, fn: FunctionFile): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${fn.name}.ts`);
  // A dot-file is never taken for a function by the runtime, even for the moment it exists.
  const temporary = path.join(dir, `.${fn.name}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temporary, fileContent(fn));
  await rename(temporary, target);
}

/** Removes a function's file, if it is one the backend wrote. */
export async function removeFunctionFile(dir: string, name: string): Promise<void> {
  const target = path.join(dir, `${name}.ts`);
  const content = await readFile(target, 'utf8').catch(() => null);
  if (content?.includes(`\n${MARKER} `)) await rm(target, { force: true });
}

/** The module files in the folder, by function name (hand-placed ones included). */
export async function readFunctionFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    files.set(entry.name.slice(0, -3), await readFile(path.join(dir, entry.name), 'utf8'));
  }
  return files;
}
