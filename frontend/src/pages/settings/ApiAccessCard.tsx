import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { settings } from '../../api/endpoints';
import { Icon } from '../../components/icons';
import { Button, InlineError, Spinner, useToast } from '../../components/ui';

function useCopy() {
  const toast = useToast();
  return (text: string, what: string) =>
    void navigator.clipboard?.writeText(text).then(
      () => toast('ok', `${what} copied to the clipboard`),
      () => toast('danger', 'The browser refused the clipboard'),
    );
}

/** The API's address, the anon key (masked until shown) and the API's documentation. */
export function ApiAccessCard() {
  const copy = useCopy();
  const [shown, setShown] = useState(false);
  const anonKey = useQuery({ queryKey: ['anon-key'], queryFn: settings.anonKey, staleTime: Infinity });
  const apiUrl = `${window.location.origin}/api/v1`;

  return (
    <section className="card card-padded" aria-labelledby="api-title">
      <div>
        <h2 id="api-title" className="card-title">
          API access
        </h2>
        <p className="muted">What an app needs to talk to this instance.</p>
      </div>

      <div className="setting">
        <span className="setting-label">API URL</span>
        <div className="secret-row">
          <code className="secret-value" data-testid="api-url">
            {apiUrl}
          </code>
          <Button size="sm" icon="copy" onClick={() => copy(apiUrl, 'API URL')}>
            Copy
          </Button>
        </div>
      </div>

      <div className="setting">
        <span className="setting-label">Anon key</span>
        <div className="secret-row">
          <code className="secret-value" data-testid="anon-key">
            {anonKey.isPending ? (
              <Spinner size={13} />
            ) : shown && anonKey.data ? (
              anonKey.data
            ) : (
              '•'.repeat(32)
            )}
          </code>
          <Button
            size="sm"
            icon={shown ? 'eyeOff' : 'eye'}
            disabled={!anonKey.data}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Hide' : 'Show'}
          </Button>
          <Button
            size="sm"
            icon="copy"
            disabled={!anonKey.data}
            onClick={() => anonKey.data && copy(anonKey.data, 'Anon key')}
          >
            Copy
          </Button>
        </div>
        <InlineError error={anonKey.error} />
        <span className="field-hint">
          Send it as the <code>apikey</code> header. It grants only what table and bucket policies give
          anyone, so apps may ship it; the server's <code>SECRET_KEY</code> never leaves it.
        </span>
      </div>

      <div className="setting">
        <span className="setting-label">Documentation</span>
        <div className="doc-links">
          <a className="btn btn-secondary btn-sm" href="/docs" target="_blank" rel="noreferrer">
            <Icon name="book" size={14} /> API documentation
          </a>
          <a className="btn btn-ghost btn-sm" href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
            <Icon name="external" size={14} /> OpenAPI document
          </a>
        </div>
      </div>
    </section>
  );
}
