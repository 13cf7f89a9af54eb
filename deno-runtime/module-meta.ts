import { parseCron } from './cron.ts';

/**
 * What a function module declares besides its handler (API.md §8, "Function modules"), checked
 * the same way at deploy time (the backend runs inspect.ts) and when the runtime loads the file.
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const DATABASE_OPERATIONS = ['INSERT', 'UPDATE', 'DELETE'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type DatabaseOperation = (typeof DATABASE_OPERATIONS)[number];

export type Trigger =
  /** `method` absent: every method. */
  | { type: 'http'; method?: HttpMethod[] }
  | { type: 'schedule'; cron: string }
  | { type: 'database'; table: string; operations: DatabaseOperation[] }
  | { type: 'event'; event: string };

export type FunctionMeta = { description: string | null; triggers: Trigger[]; runOnce: boolean };

/** Names the runtime's own routes use; a function cannot take them (API.md §8). */
export const RESERVED_NAMES: readonly string[] = [
  'health',
  'functions',
  'reload',
  'emit-event',
  'function-status',
  'database-change',
];
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isFunctionName(name: string): boolean {
  return NAME_PATTERN.test(name) && !RESERVED_NAMES.includes(name);
}

export type MetaResult = { ok: true; meta: FunctionMeta } | { ok: false; errors: string[] };

/** Checks a loaded module's exports; every problem is listed. */
export function describeModule(mod: Record<string, unknown>): MetaResult {
  const errors: string[] = [];
  if (typeof mod.default !== 'function') {
    errors.push(
      'the module has no default export that is a function (export default async function handler(req, ctx) {...})',
    );
  }
  let description: string | null = null;
  if (mod.description !== undefined) {
    if (typeof mod.description === 'string') description = mod.description;
    else errors.push('`description` must be a string');
  }
  let runOnce = false;
  if (mod.runOnce !== undefined) {
    if (typeof mod.runOnce === 'boolean') runOnce = mod.runOnce;
    else errors.push('`runOnce` must be true or false');
  }
  let triggers: Trigger[] = [{ type: 'http' }];
  if (mod.triggers !== undefined) {
    if (!Array.isArray(mod.triggers)) errors.push('`triggers` must be an array');
    else triggers = mod.triggers.flatMap((t, i) => checkTrigger(t, i, errors));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, meta: { description, triggers, runOnce } };
}

function checkTrigger(value: unknown, index: number, errors: string[]): Trigger[] {
  const where = `triggers[${index}]`;
  if (!value || typeof value !== 'object') {
    errors.push(`${where} must be an object with a "type"`);
    return [];
  }
  const t = value as Record<string, unknown>;
  switch (t.type) {
    case 'http': {
      if (t.method === undefined) return [{ type: 'http' }];
      const methods = (Array.isArray(t.method) ? t.method : [t.method]).map((m) =>
        typeof m === 'string' ? m.toUpperCase() : m,
      );
      const bad = methods.filter((m) => !HTTP_METHODS.includes(m as HttpMethod));
      if (bad.length > 0 || methods.length === 0) {
        errors.push(`${where}.method must list HTTP methods (${HTTP_METHODS.join(', ')})`);
        return [];
      }
      return [{ type: 'http', method: [...new Set(methods as HttpMethod[])] }];
    }
    case 'schedule': {
      if (typeof t.cron !== 'string') {
        errors.push(`${where}.cron must be a cron expression string`);
        return [];
      }
      try {
        parseCron(t.cron);
      } catch (err) {
        errors.push(`${where}.cron: ${(err as Error).message}`);
        return [];
      }
      return [{ type: 'schedule', cron: t.cron.trim() }];
    }
    case 'database': {
      if (typeof t.table !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(t.table)) {
        errors.push(`${where}.table must be a table name`);
        return [];
      }
      const ops = t.operations === undefined ? [...DATABASE_OPERATIONS] : t.operations;
      if (
        !Array.isArray(ops) ||
        ops.length === 0 ||
        ops.some((op) => !DATABASE_OPERATIONS.includes(String(op).toUpperCase() as DatabaseOperation))
      ) {
        errors.push(`${where}.operations must list ${DATABASE_OPERATIONS.join(', ')}`);
        return [];
      }
      const operations = [...new Set(ops.map((op) => String(op).toUpperCase() as DatabaseOperation))];
      return [{ type: 'database', table: t.table, operations }];
    }
    case 'event': {
      if (typeof t.event !== 'string' || t.event.trim() === '' || t.event.length > 200) {
        errors.push(`${where}.event must be an event name`);
        return [];
      }
      return [{ type: 'event', event: t.event }];
    }
    default:
      errors.push(`${where}.type must be one of http, schedule, database, event`);
      return [];
  }
}

/**
 * A module that fails to import, described without the file's path: for a syntax error Deno gives
 * "SyntaxError: <message> ... at file:///<path>:L:C", which becomes "line L, column C: <message>".
 */
export function describeLoadError(err: unknown, fileUrl: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const syntax = /^SyntaxError: ([^\n]*)[\s\S]*?at (\S+):(\d+):(\d+)\s*$/.exec(message);
  if (syntax) return `line ${syntax[3]}, column ${syntax[4]}: ${syntax[1]}`;
  return message.split(fileUrl).join('<module>');
}
