import Editor, { type OnMount } from '@monaco-editor/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/client';
import { schema as schemaApi, sql } from '../api/endpoints';
import type { Snippet, SqlRun, StatementResult } from '../api/types';
import { Icon } from '../components/icons';
import {
  Badge,
  Button,
  DialogActions,
  EmptyState,
  ErrorState,
  Field,
  IconButton,
  InlineError,
  LoadingState,
  Modal,
  Tabs,
  useConfirm,
  useToast,
} from '../components/ui';
import { monaco, positionToLineColumn, setCompletionSchema } from '../lib/monaco';
import { useTheme } from '../lib/theme';

type EditorInstance = Parameters<OnMount>[0];
type Outcome = { run: SqlRun; query: string; offset: number; ranSelection: boolean };

const STARTER = `-- Write SQL and press Ctrl+Enter (Cmd+Enter on a Mac) to run it.
-- Select part of the text to run only that part.
select table_name from information_schema.tables where table_schema = 'public';
`;

export default function SqlEditorPage() {
  const { theme } = useTheme();
  const toast = useToast();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const editorRef = useRef<EditorInstance | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [panel, setPanel] = useState<'snippets' | 'history'>('snippets');
  const [current, setCurrent] = useState<Snippet | null>(null);
  const [saving, setSaving] = useState(false);

  const schemaQuery = useQuery({ queryKey: ['schema'], queryFn: schemaApi.get });
  const snippets = useQuery({ queryKey: ['snippets'], queryFn: sql.snippets });
  const history = useQuery({
    queryKey: ['sql-history'],
    queryFn: () => sql.history(1, 50),
    enabled: panel === 'history',
  });

  useEffect(() => {
    if (!schemaQuery.data) return;
    setCompletionSchema(
      schemaQuery.data.tables.map((t) => ({
        table: t.table_name,
        columns: t.columns.map((c) => ({ name: c.column_name, type: c.data_type })),
      })),
    );
  }, [schemaQuery.data]);

  const run = useMutation({
    mutationFn: async () => {
      const editor = editorRef.current;
      const model = editor?.getModel();
      if (!editor || !model) throw new Error('The editor is not ready');
      const selection = editor.getSelection();
      const ranSelection = Boolean(selection && !selection.isEmpty());
      const query = ranSelection && selection ? model.getValueInRange(selection) : model.getValue();
      const offset = ranSelection && selection ? model.getOffsetAt(selection.getStartPosition()) : 0;
      if (!query.trim()) throw new Error('Nothing to run: the editor is empty');
      const result = await sql.run(query);
      return { run: result, query, offset, ranSelection };
    },
    onSuccess: (o) => {
      setOutcome(o);
      markError(o);
      void queryClient.invalidateQueries({ queryKey: ['sql-history'] });
      if (o.run.success && o.run.results.some((r) => !r.is_read_only)) {
        void queryClient.invalidateQueries({ queryKey: ['schema'] });
        void queryClient.invalidateQueries({ queryKey: ['tables'] });
      }
    },
  });
  const runRef = useRef(run.mutate);
  runRef.current = run.mutate;

  const markError = (o: Outcome) => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    if (o.run.success || !o.run.position) {
      monaco.editor.setModelMarkers(model, 'selfdb', []);
      return;
    }
    const at = model.getPositionAt(o.offset + o.run.position - 1);
    const word = model.getWordAtPosition(at);
    monaco.editor.setModelMarkers(model, 'selfdb', [
      {
        severity: monaco.MarkerSeverity.Error,
        message: o.run.error,
        startLineNumber: at.lineNumber,
        startColumn: word?.startColumn ?? at.column,
        endLineNumber: at.lineNumber,
        endColumn: word?.endColumn ?? at.column + 1,
      },
    ]);
  };

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      if (model) monaco.editor.setModelMarkers(model, 'selfdb', []);
    });
    editor.focus();
  };

  const load = (code: string, snippet: Snippet | null) => {
    editorRef.current?.setValue(code);
    editorRef.current?.focus();
    setCurrent(snippet);
  };

  const removeSnippet = async (s: Snippet) => {
    const ok = await confirm({
      title: `Delete snippet “${s.name}”?`,
      message: 'The saved query will be removed for everyone it is shared with.',
      confirmLabel: 'Delete snippet',
    });
    if (!ok) return;
    try {
      await sql.deleteSnippet(s.id);
      if (current?.id === s.id) setCurrent(null);
      toast('ok', 'Snippet deleted');
      await queryClient.invalidateQueries({ queryKey: ['snippets'] });
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

  return (
    <div className="sql-page">
      <aside className="sql-side">
        <Tabs
          tabs={[
            { id: 'snippets', label: 'Snippets', icon: 'save' },
            { id: 'history', label: 'History', icon: 'clock' },
          ]}
          value={panel}
          onChange={setPanel}
        />
        <div className="sql-side-list">
          {panel === 'snippets' ? (
            snippets.isPending ? (
              <LoadingState />
            ) : snippets.error ? (
              <ErrorState error={snippets.error} onRetry={() => void snippets.refetch()} />
            ) : snippets.data.length === 0 ? (
              <EmptyState icon="save" title="No snippets yet">
                Save a query to run it again later.
              </EmptyState>
            ) : (
              snippets.data.map((s) => (
                <div key={s.id} className={`side-item ${current?.id === s.id ? 'side-item-active' : ''}`}>
                  <button type="button" className="side-item-main" onClick={() => load(s.sql_code, s)}>
                    <span className="side-item-title">{s.name}</span>
                    <span className="side-item-sub">
                      {s.is_shared ? <Badge tone="brand">shared</Badge> : null}
                      {s.description || s.sql_code.slice(0, 60)}
                    </span>
                  </button>
                  <IconButton
                    icon="trash"
                    label={`Delete snippet ${s.name}`}
                    onClick={() => void removeSnippet(s)}
                  />
                </div>
              ))
            )
          ) : history.isPending ? (
            <LoadingState />
          ) : history.error ? (
            <ErrorState error={history.error} onRetry={() => void history.refetch()} />
          ) : history.data.length === 0 ? (
            <EmptyState icon="clock" title="No queries run yet" />
          ) : (
            history.data.map((h) => (
              <button
                key={h.id}
                type="button"
                className="side-item side-item-main"
                onClick={() => load(h.query, null)}
              >
                <span className="side-item-title mono" title={h.query}>
                  {h.query.replace(/\s+/g, ' ').slice(0, 200)}
                </span>
                <span className="side-item-sub">
                  {h.error ? <Badge tone="danger">error</Badge> : <Badge tone="ok">ok</Badge>}
                  {new Date(h.executed_at).toLocaleString()}
                  {h.execution_time != null ? ` · ${formatSeconds(h.execution_time)}` : ''}
                </span>
              </button>
            ))
          )}
        </div>
      </aside>

      <section className="sql-main">
        <div className="sql-toolbar">
          <div className="sql-title">
            <Icon name="sql" size={16} />
            <span>{current ? current.name : 'Untitled query'}</span>
            {current?.is_shared ? <Badge tone="brand">shared</Badge> : null}
          </div>
          <div className="toolbar-right">
            <span className="kbd-hint">
              <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd> + <kbd>Enter</kbd> runs the selection, or everything
            </span>
            <Button icon="save" onClick={() => setSaving(true)}>
              {current ? 'Save snippet' : 'Save as snippet'}
            </Button>
            <Button variant="primary" icon="play" busy={run.isPending} onClick={() => run.mutate()}>
              Run
            </Button>
          </div>
        </div>
        <div className="sql-editor" data-testid="sql-editor">
          <Editor
            defaultLanguage="pgsql"
            defaultValue={STARTER}
            theme={theme === 'dark' ? 'selfdb-dark' : 'selfdb-light'}
            onMount={onMount}
            loading={<LoadingState label="Loading the editor…" />}
            options={{
              minimap: { enabled: false },
              fontSize: 13.5,
              scrollBeyondLastLine: false,
              automaticLayout: true,
              padding: { top: 12 },
              renderLineHighlight: 'line',
              tabSize: 2,
            }}
          />
        </div>
        <div className="sql-results" data-testid="sql-results">
          {run.isPending ? (
            <LoadingState label="Running…" />
          ) : run.error ? (
            <div className="result-error" role="alert">
              <InlineError error={run.error} />
            </div>
          ) : outcome ? (
            <Results outcome={outcome} />
          ) : (
            <EmptyState icon="play" title="Run a query to see its results">
              Every statement runs in one transaction; an error rolls all of them back.
            </EmptyState>
          )}
        </div>
      </section>
      {saving ? (
        <SaveSnippetDialog
          current={current}
          code={() => editorRef.current?.getValue() ?? ''}
          onClose={() => setSaving(false)}
          onSaved={(s) => {
            setSaving(false);
            setCurrent(s);
            toast('ok', `Snippet “${s.name}” saved`);
            void queryClient.invalidateQueries({ queryKey: ['snippets'] });
          }}
        />
      ) : null}
    </div>
  );
}

/** The API reports execution times in seconds. */
function formatSeconds(seconds: number): string {
  const ms = seconds * 1000;
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${seconds.toFixed(2)} s`;
}

function Results({ outcome }: { outcome: Outcome }) {
  const { run, query, offset } = outcome;
  if (!run.success) {
    const where = run.position ? positionToLineColumn(query, run.position) : null;
    return (
      <div className="result-error" role="alert" data-testid="sql-error">
        <div className="result-error-head">
          <Icon name="alert" size={16} />
          <strong>The query failed; nothing was changed.</strong>
        </div>
        <pre className="result-error-message">{run.error}</pre>
        {where ? (
          <p className="muted text-small">
            At line {where.line}, column {where.column}
            {offset ? ' of the selection' : ''}.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="result-list">
      <div className="result-summary">
        <Badge tone="ok">
          <Icon name="check" size={12} /> {run.results.length} statement{run.results.length === 1 ? '' : 's'}
        </Badge>
        <span className="muted text-small">
          {run.total_rows_affected} row{run.total_rows_affected === 1 ? '' : 's'} affected ·{' '}
          {formatSeconds(run.total_execution_time)}
        </span>
      </div>
      {run.results.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: statements are identified by their place in the query
        <StatementCard key={`${i}-${r.statement}`} index={i} result={r} />
      ))}
    </div>
  );
}

function StatementCard({ index, result }: { index: number; result: StatementResult }) {
  return (
    <div className="statement" data-testid={`statement-${index}`}>
      <header className="statement-head">
        <span className="statement-index">{index + 1}</span>
        <code className="statement-sql">{result.statement}</code>
        <span className="muted text-small">
          {result.row_count} row{result.row_count === 1 ? '' : 's'} · {formatSeconds(result.execution_time)}
        </span>
      </header>
      {result.is_read_only ? (
        result.columns.length === 0 ? null : (
          <div className="grid-wrap result-grid">
            <table className="grid">
              <thead>
                <tr>
                  {result.columns.map((c) => (
                    <th key={c}>
                      <span className="grid-sort">{c}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.data.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no identity of their own
                  <tr key={i}>
                    {result.columns.map((c) => (
                      <td key={c}>
                        {row[c] === null || row[c] === undefined ? (
                          <span className="null">NULL</span>
                        ) : (
                          <span className="cell">
                            {typeof row[c] === 'object' ? JSON.stringify(row[c]) : String(row[c])}
                          </span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {result.truncated ? (
              <p className="muted text-small pad">Only the first 10,000 rows are shown.</p>
            ) : null}
          </div>
        )
      ) : (
        <p className="statement-message">{result.message}</p>
      )}
    </div>
  );
}

function SaveSnippetDialog({
  current,
  code,
  onClose,
  onSaved,
}: {
  current: Snippet | null;
  code: () => string;
  onClose: () => void;
  onSaved: (s: Snippet) => void;
}) {
  const [name, setName] = useState(current?.name ?? '');
  const [description, setDescription] = useState(current?.description ?? '');
  const [shared, setShared] = useState(current?.is_shared ?? false);
  const [asNew, setAsNew] = useState(!current);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        description: description.trim(),
        sql_code: code(),
        is_shared: shared,
      };
      return current && !asNew ? sql.updateSnippet(current.id, body) : sql.saveSnippet(body);
    },
    onSuccess: onSaved,
  });
  return (
    <Modal
      title={current && !asNew ? `Save “${current.name}”` : 'Save as a snippet'}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label="Save"
          icon="save"
          busy={save.isPending}
          disabled={!name.trim()}
          onSubmit={() => save.mutate()}
        />
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <Field label="Name">
          <input
            className="input"
            aria-label="Snippet name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label="Description">
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          Share with the other superusers
        </label>
        {current ? (
          <label className="check">
            <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} />
            Save as a new snippet instead of updating “{current.name}”
          </label>
        ) : null}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
