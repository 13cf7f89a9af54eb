import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/language/typescript/ts.worker?worker';

/*
 * Monaco is bundled with the dashboard rather than fetched from a CDN: SelfDB runs on machines
 * with no internet access. SQL needs only the editor worker; function code (TypeScript) also
 * gets the TypeScript language worker.
 */
self.MonacoEnvironment = {
  getWorker: (_workerId, label) =>
    label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker(),
};
loader.config({ monaco });

export { monaco };

// Editor themes on the dashboard's own surfaces, so the editor sits in the page rather than on it.
monaco.editor.defineTheme('selfdb-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#98a2b3' },
});
monaco.editor.defineTheme('selfdb-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#111827', 'editorLineNumber.foreground': '#475569' },
});

const KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'INSERT INTO',
  'VALUES',
  'UPDATE',
  'SET',
  'DELETE FROM',
  'RETURNING',
  'JOIN',
  'LEFT JOIN',
  'INNER JOIN',
  'ON',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
  'NULL',
  'IS NULL',
  'IS NOT NULL',
  'IN',
  'LIKE',
  'ILIKE',
  'AS',
  'DISTINCT',
  'COUNT(*)',
  'CREATE TABLE',
  'ALTER TABLE',
  'DROP TABLE',
  'CREATE INDEX',
  'BEGIN',
  'COMMIT',
  'WITH',
  'UNION',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'EXPLAIN',
  'ANALYZE',
  'now()',
  'gen_random_uuid()',
];

export type CompletionSchema = Array<{ table: string; columns: Array<{ name: string; type: string }> }>;

let schema: CompletionSchema = [];
let registered = false;

/** Completion of table and column names (and keywords) for the `pgsql` language, from `/schema`. */
export function setCompletionSchema(next: CompletionSchema): void {
  schema = next;
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('pgsql', {
    triggerCharacters: ['.', ' '],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      const qualifier = /([A-Za-z_][A-Za-z0-9_]*)\.$/.exec(before)?.[1];
      const Kind = monaco.languages.CompletionItemKind;
      if (qualifier) {
        const table = schema.find((t) => t.table === qualifier);
        return {
          suggestions: (table?.columns ?? []).map((c) => ({
            label: c.name,
            kind: Kind.Field,
            detail: c.type,
            insertText: c.name,
            range,
          })),
        };
      }
      return {
        suggestions: [
          ...schema.map((t) => ({
            label: t.table,
            kind: Kind.Struct,
            detail: `table · ${t.columns.length} columns`,
            insertText: t.table,
            range,
            sortText: `0${t.table}`,
          })),
          ...schema.flatMap((t) =>
            t.columns.map((c) => ({
              label: c.name,
              kind: Kind.Field,
              detail: `${t.table}.${c.name} · ${c.type}`,
              insertText: c.name,
              range,
              sortText: `1${c.name}`,
            })),
          ),
          ...KEYWORDS.map((k) => ({ label: k, kind: Kind.Keyword, insertText: k, range, sortText: `2${k}` })),
        ],
      };
    },
  });
}

/** Line and column (1-based) of a 1-based character position in `text`, as PostgreSQL reports it. */
export function positionToLineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
