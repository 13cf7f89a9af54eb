/**
 * Checks a function module the way the runtime will load it, without running any handler: used by
 * the backend before it deploys code (it runs this file with no permissions except reading the
 * module). Prints one JSON line: {"ok":true,"meta":{...}} or {"ok":false,"errors":[...]}.
 *
 * Usage: deno run --allow-read=<dir> inspect.ts <module path>
 */
import { describeLoadError, describeModule } from './module-meta.ts';

const file = Deno.args[0];
if (!file) throw new Error('usage: inspect.ts <module path>');
const url = new URL(file, `file://${Deno.cwd()}/`).href;

// Whatever the module prints at top level must not corrupt the one line of JSON.
for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) console[level] = () => undefined;

let result: unknown;
try {
  result = describeModule(await import(url));
} catch (err) {
  result = { ok: false, errors: [describeLoadError(err, url)] };
}
await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(result)}\n`));
Deno.exit(0);
