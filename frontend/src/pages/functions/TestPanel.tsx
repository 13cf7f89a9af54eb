import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { functions } from '../../api/endpoints';
import type { CloudFunction, Invocation } from '../../api/types';
import { Icon } from '../../components/icons';
import { Badge, Button, EmptyState, Field, InlineError } from '../../components/ui';
import { formatDuration } from './run-status';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** The methods the function's HTTP triggers accept (any, for a trigger without `method`). */
function allowedMethods(fn: CloudFunction): string[] {
  const http = fn.triggers.filter((t) => t.type === 'http');
  if (http.some((t) => !t.method)) return METHODS;
  const listed = new Set(http.flatMap((t) => (Array.isArray(t.method) ? t.method : [t.method ?? ''])));
  return METHODS.filter((m) => listed.has(m));
}

/** "Name: value" lines; blank lines are skipped, a line without a colon is a mistake worth saying. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`Header line ${i + 1} is not "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function prettyBody(invocation: Invocation): string {
  const type = invocation.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!type.includes('json')) return invocation.body;
  try {
    return JSON.stringify(JSON.parse(invocation.body), null, 2);
  } catch {
    return invocation.body;
  }
}

/** Invokes the deployed function through the API as the signed-in superuser and shows its answer. */
export function TestPanel({ fn }: { fn: CloudFunction }) {
  const queryClient = useQueryClient();
  const allowed = allowedMethods(fn);
  const [method, setMethod] = useState(allowed[0] ?? 'POST');
  const [path, setPath] = useState('');
  const [headers, setHeaders] = useState('Content-Type: application/json');
  const [body, setBody] = useState('{\n  "name": "SelfDB"\n}');
  const hasBody = method !== 'GET' && method !== 'HEAD';

  const invoke = useMutation({
    mutationFn: () =>
      functions.invoke(fn.name, {
        method,
        path: path.trim() && !/^[/?]/.test(path.trim()) ? `/${path.trim()}` : path.trim(),
        headers: parseHeaders(headers),
        body: hasBody ? body : undefined,
      }),
    onSettled: () => {
      // The runtime reports the run a moment after answering; the executions view polls for it.
      void queryClient.invalidateQueries({ queryKey: ['function-executions', fn.id] });
    },
  });
  const result = invoke.data;

  return (
    <section className="fn-test card" aria-label="Test the function">
      <div className="card-header">
        <h2>Test</h2>
        <span className="muted text-small">runs the deployed version, as you</span>
      </div>
      <form
        className="fn-test-form"
        onSubmit={(e) => {
          e.preventDefault();
          invoke.mutate();
        }}
      >
        {allowed.length === 0 ? (
          <p className="fn-note">
            <Icon name="alert" size={14} /> This function has no HTTP trigger: invocations answer 405.
          </p>
        ) : null}
        {!fn.is_active ? (
          <p className="fn-note">
            <Icon name="alert" size={14} /> The function is inactive: invocations answer 404.
          </p>
        ) : null}
        <div className="fn-test-line">
          <select
            className="input fn-method"
            aria-label="Method"
            value={method}
            onChange={(e) => setMethod(e.target.value)}
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <span className="fn-path-prefix mono">/invoke/{fn.name}</span>
          <input
            className="input mono"
            aria-label="Path and query"
            placeholder="/rest?key=value"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
        </div>
        <Field label="Headers" hint="One per line, as Name: value">
          <textarea
            className="input mono fn-textarea"
            aria-label="Request headers"
            rows={2}
            value={headers}
            onChange={(e) => setHeaders(e.target.value)}
          />
        </Field>
        {hasBody ? (
          <Field label="Body">
            <textarea
              className="input mono fn-textarea"
              aria-label="Request body"
              rows={5}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          </Field>
        ) : null}
        <div className="fn-test-actions">
          <Button type="submit" variant="primary" icon="play" busy={invoke.isPending}>
            Send request
          </Button>
        </div>
      </form>
      <div className="fn-test-result" data-testid="test-result">
        {invoke.error ? (
          <InlineError error={invoke.error} />
        ) : result ? (
          <>
            <div className="fn-test-status">
              <Badge tone={result.status < 300 ? 'ok' : result.status < 500 ? 'warn' : 'danger'}>
                <span data-testid="test-status">{result.status}</span> {result.statusText}
              </Badge>
              <span className="muted text-small" data-testid="test-duration">
                <Icon name="clock" size={12} /> {formatDuration(result.durationMs)}
              </span>
            </div>
            <details className="fn-test-headers">
              <summary>Headers ({result.headers.length})</summary>
              <table className="kv-table">
                <tbody>
                  {result.headers.map(([k, v]) => (
                    <tr key={k}>
                      <th className="mono">{k}</th>
                      <td className="mono">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {result.body ? (
              <pre className="fn-test-body" data-testid="test-body">
                {prettyBody(result)}
              </pre>
            ) : (
              <p className="muted text-small">The answer has no body.</p>
            )}
          </>
        ) : (
          <EmptyState icon="play" title="Send a request to see the answer">
            Status, headers, body and the round-trip time appear here; the run shows in Executions.
          </EmptyState>
        )}
      </div>
    </section>
  );
}
