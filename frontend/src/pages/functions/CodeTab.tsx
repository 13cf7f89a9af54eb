import Editor, { type OnMount } from '@monaco-editor/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/client';
import { functions } from '../../api/endpoints';
import type { CloudFunction, Diagnostic } from '../../api/types';
import { Icon } from '../../components/icons';
import { Badge, Button, InlineError, LoadingState, Spinner, useToast } from '../../components/ui';
import { prepareFunctionEditor, setDiagnosticMarkers } from '../../lib/function-editor';
import { useTheme } from '../../lib/theme';
import { createDiagnosticsScheduler } from './diagnostics-scheduler';
import { TestPanel } from './TestPanel';

type EditorInstance = Parameters<OnMount>[0];
type Check =
  | { state: 'idle' | 'checking' }
  | { state: 'done'; diagnostics: Diagnostic[] }
  | { state: 'failed'; error: unknown };

/** `deno lint` and `deno check` together, in source order; a syntax error both report is listed once. */
async function diagnose(code: string): Promise<Diagnostic[]> {
  const [lint, check] = await Promise.all([functions.lint(code), functions.validate(code)]);
  const seen = new Set<string>();
  return [...check.errors, ...lint]
    .filter((d) => {
      const key = `${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The function's code with Deno's types, problems shown as you type, deploy on Ctrl/Cmd+S, and
 * the test panel beside it. The draft lives in the page, so switching tabs keeps unsaved edits.
 */
export function CodeTab({
  fn,
  draft,
  onDraft,
}: {
  fn: CloudFunction;
  draft: string | null;
  onDraft: (code: string | null) => void;
}) {
  const { theme } = useTheme();
  const toast = useToast();
  const queryClient = useQueryClient();
  const editorRef = useRef<EditorInstance | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [deployed, setDeployed] = useState<{ version: number; changed: boolean } | null>(null);
  const types = useQuery({
    queryKey: ['deno-types-loaded'],
    queryFn: () => prepareFunctionEditor(functions.denoTypes).then(() => true),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const code = draft ?? fn.code;

  const scheduler = useRef(
    createDiagnosticsScheduler({
      check: diagnose,
      onStart: () => setCheck({ state: 'checking' }),
      onResult: (diagnostics) => {
        const model = editorRef.current?.getModel();
        if (model) setDiagnosticMarkers(model, diagnostics);
        setCheck({ state: 'done', diagnostics });
      },
      onError: (error) => setCheck({ state: 'failed', error }),
    }),
  );
  useEffect(() => {
    const current = scheduler.current;
    return () => current.dispose();
  }, []);

  const deploy = useMutation({
    mutationFn: (text: string) => functions.update(fn.id, { code: text }),
    onMutate: () => setDeployed(null),
    onSuccess: (updated, text) => {
      queryClient.setQueryData(['function', fn.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['functions'] });
      void queryClient.invalidateQueries({ queryKey: ['function-versions', fn.id] });
      // Typing during the request keeps the newer text as the draft.
      if (editorRef.current?.getValue() === text) onDraft(null);
      const changed = updated.version_number !== fn.version_number;
      setDeployed({ version: updated.version_number, changed });
      toast('ok', changed ? `Deployed version ${updated.version_number}` : 'No changes to deploy');
    },
  });
  const deployRef = useRef(() => {});
  deployRef.current = () => {
    const text = editorRef.current?.getValue();
    if (text !== undefined && !deploy.isPending) deploy.mutate(text);
  };

  // Ctrl/Cmd+S deploys from anywhere on the page rather than saving the web page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        deployRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    scheduler.current.schedule(editor.getValue());
    editor.focus();
  };

  const jumpTo = (d: Diagnostic) => {
    const editor = editorRef.current;
    if (!editor) return;
    editor.setPosition({ lineNumber: d.line, column: d.column });
    editor.revealLineInCenter(d.line);
    editor.focus();
  };

  const problems = check.state === 'done' ? check.diagnostics : [];
  const errors = problems.filter((d) => d.severity === 'error').length;
  const dirty = draft !== null && draft !== fn.code;

  return (
    <div className="fn-code">
      <section className="fn-editor-pane card">
        <div className="sql-toolbar">
          <div className="sql-title">
            <Icon name="code" size={16} />
            <span className="mono">{fn.name}.ts</span>
            <Badge>v{fn.version_number}</Badge>
            {dirty ? <Badge tone="warn">unsaved changes</Badge> : null}
          </div>
          <div className="toolbar-right">
            <span className="kbd-hint">
              <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd> + <kbd>S</kbd> deploys
            </span>
            <Button variant="primary" icon="save" busy={deploy.isPending} onClick={() => deployRef.current()}>
              Deploy
            </Button>
          </div>
        </div>
        {deploy.error ? (
          <div className="fn-deploy-result fn-deploy-failed" role="alert" data-testid="deploy-result">
            <strong>Not deployed.</strong>
            <InlineError error={deploy.error} />
          </div>
        ) : deployed ? (
          <div className="fn-deploy-result" data-testid="deploy-result">
            <Icon name="check" size={15} />
            {deployed.changed
              ? `Deployed version ${deployed.version}: the runtime serves it now.`
              : `The code is unchanged: version ${deployed.version} stays current.`}
          </div>
        ) : null}
        {types.error ? (
          <div className="fn-deploy-result fn-deploy-failed">
            Deno's type declarations could not be loaded ({describeError(types.error).message}); the editor
            works without hovers and completion for Deno.
          </div>
        ) : null}
        <div className="fn-editor" data-testid="function-editor">
          <Editor
            language="typescript"
            path={`file:///functions/${fn.name}.ts`}
            value={code}
            theme={theme === 'dark' ? 'selfdb-dark' : 'selfdb-light'}
            onMount={onMount}
            onChange={(value) => {
              const text = value ?? '';
              onDraft(text === fn.code ? null : text);
              scheduler.current.schedule(text);
            }}
            loading={<LoadingState label="Loading the editor…" />}
            options={{
              minimap: { enabled: false },
              fontSize: 13.5,
              scrollBeyondLastLine: false,
              automaticLayout: true,
              padding: { top: 12 },
              tabSize: 2,
              fixedOverflowWidgets: true,
            }}
          />
        </div>
        <div className="fn-problems" data-testid="function-problems">
          <div className="fn-problems-head">
            <strong>Problems</strong>
            {check.state === 'checking' ? (
              <span className="muted text-small fn-checking">
                <Spinner size={12} /> Checking with deno lint and deno check…
              </span>
            ) : check.state === 'done' ? (
              problems.length === 0 ? (
                <Badge tone="ok">
                  <Icon name="check" size={12} /> no problems
                </Badge>
              ) : (
                <Badge tone={errors ? 'danger' : 'warn'}>
                  {errors} error{errors === 1 ? '' : 's'}, {problems.length - errors} warning
                  {problems.length - errors === 1 ? '' : 's'}
                </Badge>
              )
            ) : null}
          </div>
          {check.state === 'failed' ? <InlineError error={check.error} /> : null}
          {problems.length > 0 ? (
            <ul className="fn-problem-list">
              {problems.map((d) => (
                <li key={`${d.line}:${d.column}:${d.code}:${d.message}`}>
                  <button type="button" className="fn-problem" onClick={() => jumpTo(d)}>
                    <Icon
                      name="alert"
                      size={14}
                      className={d.severity === 'error' ? 'fn-sev-error' : 'fn-sev-warning'}
                    />
                    <span className="fn-problem-message" title={d.message}>
                      {d.message}
                    </span>
                    <code className={`fn-problem-code fn-problem-code-${d.severity}`}>{d.code}</code>
                    <span className="muted text-small fn-problem-where">
                      line {d.line}, column {d.column}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </section>
      <TestPanel fn={fn} />
    </div>
  );
}
