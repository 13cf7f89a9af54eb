import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';
import { DENO_RUNTIME_DIR, type DenoResult, runDeno, withTempModule } from './deno.js';

export type Trigger =
  | { type: 'http'; method?: string[] }
  | { type: 'schedule'; cron: string }
  | { type: 'database'; table: string; operations: string[] }
  | { type: 'event'; event: string };

export type FunctionMeta = { description: string | null; triggers: Trigger[]; runOnce: boolean };

const INSPECT_TIMEOUT_MS = 10_000;

/** Every other deno run is bounded too: past this, the tool is reported unavailable (503). */
function finished(result: DenoResult, what: string): DenoResult {
  if (result.timedOut) throw new AppError('DENO_UNAVAILABLE', `${what} did not finish in time`);
  return result;
}

/** SelfDB's declarations for function code (SelfDBContext and friends), global like Deno's own. */
const TYPES_FILE = 'selfdb-function.d.ts';

/** One problem in a module, as the editor shows it (API.md §8, lint and validate). */
export type Diagnostic = {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
};

/**
 * Imports the module the way the runtime will (deno-runtime/inspect.ts, the runtime's own checks,
 * cron parsing included), in a Deno process that may read only the module's folder: its top-level
 * code runs, but can reach neither the network, the environment nor other files.
 */
export async function inspectModule(code: string): Promise<FunctionMeta> {
  const result = await withTempModule(code, (dir, file) =>
    runDeno(
      [
        'run',
        '--no-prompt',
        '--no-config',
        '--v8-flags=--max-old-space-size=128',
        `--allow-read=${dir}`,
        path.join(DENO_RUNTIME_DIR, 'inspect.ts'),
        file,
      ],
      { cwd: dir, timeoutMs: INSPECT_TIMEOUT_MS },
    ),
  );
  if (result.timedOut) {
    throw new AppError(
      'INVALID_FUNCTION',
      `The module did not finish loading within ${INSPECT_TIMEOUT_MS / 1000} s (its top-level code must not block)`,
    );
  }
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  let parsed: { ok: boolean; meta?: FunctionMeta; errors?: string[] };
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new AppError('INVALID_FUNCTION', `The module could not be loaded: ${lastLine(result.stderr)}`);
  }
  if (!parsed.ok || !parsed.meta) {
    throw new AppError('INVALID_FUNCTION', (parsed.errors ?? ['the module could not be loaded']).join('; '));
  }
  return parsed.meta;
}

type LintJson = {
  diagnostics: Array<{
    range: { start: { line: number; col: number }; end: { line: number; col: number } };
    message: string;
    code: string;
    hint?: string;
  }>;
  errors: Array<{ message: string }>;
};

/** `deno lint --json`: lines and columns 1-based. A parse error is one diagnostic with its location. */
export async function lintModule(code: string): Promise<Diagnostic[]> {
  const result = finished(
    await withTempModule(code, (dir, file) => runDeno(['lint', '--json', path.basename(file)], { cwd: dir })),
    'deno lint',
  );
  let report: LintJson;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new AppError('DENO_UNAVAILABLE', `deno lint failed: ${lastLine(result.stderr)}`);
  }
  return [
    ...report.errors.map((e) => syntaxDiagnostic(e.message)),
    ...report.diagnostics.map((d) => ({
      line: d.range.start.line,
      column: d.range.start.col + 1,
      end_line: d.range.end.line,
      end_column: d.range.end.col + 1,
      severity: 'warning' as const,
      code: d.code,
      message: d.hint ? `${d.message} (${d.hint})` : d.message,
    })),
  ];
}

/**
 * `deno check` with SelfDB's context types available and implicit `any` allowed (handlers are
 * often written `(req, ctx)`); every TypeScript error becomes a diagnostic.
 */
export async function checkModule(code: string): Promise<{ valid: boolean; errors: Diagnostic[] }> {
  const result = await withTempModule(code, async (dir, file) => {
    await writeFile(path.join(dir, TYPES_FILE), await readFile(path.join(DENO_RUNTIME_DIR, TYPES_FILE)));
    await writeFile(
      path.join(dir, 'deno.json'),
      JSON.stringify({ compilerOptions: { strict: true, noImplicitAny: false, types: [`./${TYPES_FILE}`] } }),
    );
    return finished(
      await runDeno(['check', '--config', 'deno.json', path.basename(file)], { cwd: dir }),
      'deno check',
    );
  });
  if (result.code === 0) return { valid: true, errors: [] };
  const errors = parseCheckOutput(result.stderr);
  if (errors.length === 0) errors.push(syntaxDiagnostic(result.stderr));
  return { valid: false, errors };
}

function parseCheckOutput(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const block = /^(TS\d+) \[ERROR\]: ([\s\S]*?)\n\s+at \S+?:(\d+):(\d+)/gm;
  for (const m of output.matchAll(block)) {
    const message = (m[2] ?? '').split('\n')[0] ?? '';
    const line = Number(m[3]);
    const column = Number(m[4]);
    diagnostics.push({
      line,
      column,
      end_line: line,
      end_column: column,
      severity: 'error',
      code: m[1] ?? 'TS',
      message,
    });
  }
  return diagnostics;
}

function syntaxDiagnostic(message: string): Diagnostic {
  const at = /:(\d+):(\d+)\s*$/m.exec(message);
  const first = /(?:error: )?(SyntaxError: )?([^\n]*)/.exec(message.trim())?.[2] ?? message;
  const line = Number(at?.[1] ?? 1);
  const column = Number(at?.[2] ?? 1);
  return {
    line,
    column,
    end_line: line,
    end_column: column,
    severity: 'error',
    code: 'syntax',
    message: first,
  };
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim() && !/Stack backtrace|^\s*\d+: /.test(l))
      .at(-1) ?? 'no output'
  );
}

let typesCache: Promise<string> | undefined;

/** `deno types` (the Deno namespace and web APIs) followed by SelfDB's own declarations. */
export function denoTypes(): Promise<string> {
  typesCache ??= (async () => {
    const result = finished(await runDeno(['types'], { cwd: DENO_RUNTIME_DIR }), 'deno types');
    if (result.code !== 0)
      throw new AppError('DENO_UNAVAILABLE', `deno types failed: ${lastLine(result.stderr)}`);
    const own = await readFile(path.join(DENO_RUNTIME_DIR, TYPES_FILE), 'utf8');
    return `${result.stdout}\n${own}`;
  })();
  typesCache.catch(() => {
    typesCache = undefined;
  });
  return typesCache;
}
