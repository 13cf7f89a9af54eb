import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { describeError } from '../api/client';
import { functions } from '../api/endpoints';
import type { CloudFunction } from '../api/types';
import { Icon, type IconName } from '../components/icons';
import {
  Badge,
  Button,
  ErrorState,
  LoadingState,
  PageHeader,
  Tabs,
  useConfirm,
  useToast,
} from '../components/ui';
import { useLeaveGuard } from '../lib/useLeaveGuard';
import { useObjectChanges } from '../realtime/realtime';
import { CodeTab } from './functions/CodeTab';
import { EnvTab } from './functions/EnvTab';
import { ExecutionsTab } from './functions/ExecutionsTab';
import { LogsTab } from './functions/LogsTab';
import { TriggerBadges } from './functions/run-status';
import { SettingsDialog } from './functions/SettingsDialog';
import { VersionsTab } from './functions/VersionsTab';
import '../styles/functions.css';

type Tab = 'code' | 'executions' | 'logs' | 'versions' | 'env';
const TABS: Array<{ id: Tab; label: string; icon: IconName }> = [
  { id: 'code', label: 'Code & test', icon: 'code' },
  { id: 'executions', label: 'Executions', icon: 'clock' },
  { id: 'logs', label: 'Logs', icon: 'book' },
  { id: 'versions', label: 'Versions', icon: 'refresh' },
  { id: 'env', label: 'Environment', icon: 'key' },
];

export default function FunctionDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'code';
  const [draft, setDraft] = useState<string | null>(null);
  const [settings, setSettings] = useState(false);
  const detail = useQuery({ queryKey: ['function', id], queryFn: () => functions.get(id) });
  useObjectChanges(['functions_changes'], (change) => {
    const row = change.payload.new ?? change.payload.old;
    if (row?.id === id) void queryClient.invalidateQueries({ queryKey: ['function', id] });
  });

  useLeaveGuard(draft !== null, {
    title: 'Leave without deploying?',
    message: 'Your changes to the code are not deployed and will be lost.',
  });

  const saved = (fn: CloudFunction) => {
    queryClient.setQueryData(['function', id], fn);
    void queryClient.invalidateQueries({ queryKey: ['functions'] });
  };

  const toggleActive = async (fn: CloudFunction) => {
    try {
      saved(await functions.update(fn.id, { is_active: !fn.is_active }));
      toast('ok', fn.is_active ? `${fn.name} deactivated: every trigger stopped` : `${fn.name} activated`);
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  const remove = async (fn: CloudFunction) => {
    const ok = await confirm({
      title: `Delete function ${fn.name}?`,
      message: (
        <>
          <strong>{fn.name}</strong>, its versions, variables, runs and logs are deleted permanently. Callers
          of its URL get 404.
        </>
      ),
      confirmLabel: 'Delete function',
      typeToConfirm: fn.name,
    });
    if (!ok) return;
    try {
      await functions.remove(fn.id);
      toast('ok', `Function ${fn.name} deleted`);
      setDraft(null);
      queryClient.removeQueries({ queryKey: ['function', id] });
      await queryClient.invalidateQueries({ queryKey: ['functions'] });
      navigate('/functions');
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  const fn = detail.data;
  return (
    <div className="page page-wide">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/functions">Functions</Link>
        <Icon name="chevronRight" size={13} />
        <span>{fn?.name ?? '…'}</span>
      </nav>
      {detail.isPending ? (
        <LoadingState label="Loading the function…" />
      ) : detail.error || !fn ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <PageHeader
            title={
              <span className="title-with-badges">
                {fn.name}
                {fn.is_active ? <Badge tone="ok">active</Badge> : <Badge>inactive</Badge>}
                <Badge>v{fn.version_number}</Badge>
              </span>
            }
            subtitle={fn.description || 'No description'}
            icon="functions"
            actions={
              <>
                <Button icon="settings" onClick={() => setSettings(true)}>
                  Settings
                </Button>
                <Button icon={fn.is_active ? 'x' : 'play'} onClick={() => void toggleActive(fn)}>
                  {fn.is_active ? 'Deactivate' : 'Activate'}
                </Button>
                <Button variant="danger" icon="trash" onClick={() => void remove(fn)}>
                  Delete
                </Button>
              </>
            }
          />
          <div className="fn-summary" data-testid="function-summary">
            <span className="fn-summary-item">
              <span className="field-label">Triggers</span>
              <TriggerBadges triggers={fn.triggers} runOnce={fn.run_once} />
            </span>
            <span className="fn-summary-item">
              <span className="field-label">URL</span>
              <code>/api/v1/functions/invoke/{fn.name}</code>
            </span>
            <span className="fn-summary-item">
              <span className="field-label">Timeout</span>
              <span>{fn.timeout_ms === null ? 'server default' : `${fn.timeout_ms} ms`}</span>
            </span>
            <span className="fn-summary-item">
              <span className="field-label">Updated</span>
              <span>{new Date(fn.updated_at).toLocaleString()}</span>
            </span>
          </div>
          <Tabs
            tabs={TABS}
            value={tab}
            onChange={(next) => setParams(next === 'code' ? {} : { tab: next }, { replace: true })}
          />
          <div className="tab-panel">
            {tab === 'code' ? <CodeTab fn={fn} draft={draft} onDraft={setDraft} /> : null}
            {tab === 'executions' ? (
              <ExecutionsTab functionId={fn.id} initialRun={params.get('run')} />
            ) : null}
            {tab === 'logs' ? (
              <LogsTab
                functionId={fn.id}
                onRun={(run) => setParams({ tab: 'executions', run }, { replace: true })}
              />
            ) : null}
            {tab === 'versions' ? (
              <VersionsTab fn={fn} hasDraft={draft !== null} onRestored={() => setDraft(null)} />
            ) : null}
            {tab === 'env' ? <EnvTab functionId={fn.id} /> : null}
          </div>
          {settings ? (
            <SettingsDialog
              fn={fn}
              onClose={() => setSettings(false)}
              onSaved={(updated) => {
                setSettings(false);
                saved(updated);
                toast('ok', 'Settings saved');
              }}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
