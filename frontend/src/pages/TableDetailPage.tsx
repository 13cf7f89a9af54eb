import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { describeError } from '../api/client';
import { tables } from '../api/endpoints';
import { Icon } from '../components/icons';
import {
  Badge,
  Button,
  DialogActions,
  ErrorState,
  Field,
  LoadingState,
  Modal,
  PageHeader,
  Tabs,
  useConfirm,
  useToast,
} from '../components/ui';
import { DataTab } from './table/DataTab';
import { DdlTab } from './table/DdlTab';
import { PolicyTab } from './table/PolicyTab';
import { RelationsTab } from './table/RelationsTab';
import { StructureTab } from './table/StructureTab';

type Tab = 'data' | 'structure' | 'relations' | 'policy' | 'ddl';
const TABS: Array<{ id: Tab; label: string; icon: 'table' | 'edit' | 'link' | 'lock' | 'code' }> = [
  { id: 'data', label: 'Data', icon: 'table' },
  { id: 'structure', label: 'Structure', icon: 'edit' },
  { id: 'relations', label: 'Relationships & indexes', icon: 'link' },
  { id: 'policy', label: 'Access policy', icon: 'lock' },
  { id: 'ddl', label: 'DDL', icon: 'code' },
];

export function TableDetailPage() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.id === params.get('tab'))?.id ?? 'data') as Tab;
  const [renaming, setRenaming] = useState(false);
  const detail = useQuery({ queryKey: ['table', name], queryFn: () => tables.get(name) });

  const drop = async () => {
    const ok = await confirm({
      title: `Drop table ${name}?`,
      message: (
        <>
          <strong>{name}</strong> and all of its rows will be deleted permanently. Clients using its endpoint
          will get 404.
        </>
      ),
      confirmLabel: 'Drop table',
      typeToConfirm: name,
    });
    if (!ok) return;
    try {
      await tables.drop(name);
      toast('ok', `Table ${name} dropped`);
      await queryClient.invalidateQueries({ queryKey: ['tables'] });
      navigate('/tables');
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  return (
    <div className="page page-wide">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/tables">Tables</Link>
        <Icon name="chevronRight" size={13} />
        <span>{name}</span>
      </nav>
      {detail.isPending ? (
        <LoadingState label="Loading the table…" />
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <PageHeader
            title={
              <span className="title-with-badges">
                {detail.data.name}
                {detail.data.is_public ? <Badge tone="brand">public</Badge> : <Badge>restricted</Badge>}
              </span>
            }
            subtitle={
              detail.data.description || (
                <>
                  REST endpoint <code>/api/v1/tables/{detail.data.name}/data</code>
                </>
              )
            }
            icon="table"
            actions={
              <>
                <Button icon="edit" onClick={() => setRenaming(true)}>
                  Rename
                </Button>
                <Button variant="danger" icon="trash" onClick={() => void drop()}>
                  Drop table
                </Button>
              </>
            }
          />
          <Tabs
            tabs={TABS}
            value={tab}
            onChange={(id) => setParams(id === 'data' ? {} : { tab: id }, { replace: true })}
          />
          <div className="tab-panel">
            {tab === 'data' ? <DataTab key={name} table={detail.data} /> : null}
            {tab === 'structure' ? <StructureTab table={detail.data} /> : null}
            {tab === 'relations' ? <RelationsTab table={detail.data} /> : null}
            {tab === 'policy' ? (
              <PolicyTab key={JSON.stringify(detail.data.permissions)} table={detail.data} />
            ) : null}
            {tab === 'ddl' ? <DdlTab table={name} /> : null}
          </div>
          {renaming ? (
            <RenameDialog
              name={name}
              description={detail.data.description ?? ''}
              onClose={() => setRenaming(false)}
              onSaved={(newName) => {
                setRenaming(false);
                void queryClient.invalidateQueries({ queryKey: ['tables'] });
                void queryClient.invalidateQueries({ queryKey: ['table', name] });
                if (newName !== name) navigate(`/tables/${encodeURIComponent(newName)}`, { replace: true });
              }}
            />
          ) : null}
        </>
      )}
    </div>
  );
}

function RenameDialog({
  name,
  description,
  onClose,
  onSaved,
}: {
  name: string;
  description: string;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const [newName, setNewName] = useState(name);
  const [newDescription, setNewDescription] = useState(description);
  const save = useMutation({
    mutationFn: () =>
      tables.update(name, {
        ...(newName.trim() !== name ? { new_name: newName.trim() } : {}),
        description: newDescription.trim() || null,
      }),
    onSuccess: () => onSaved(newName.trim()),
  });
  return (
    <Modal
      title={`Rename ${name}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label="Save"
          busy={save.isPending}
          disabled={!newName.trim()}
          onSubmit={() => save.mutate()}
        />
      }
    >
      <div className="form-stack">
        <Field label="Name" hint="Clients use this name in the table's endpoint; renaming changes it.">
          <input
            className="input"
            aria-label="New table name"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
          />
        </Field>
        <Field label="Description">
          <input
            className="input"
            value={newDescription}
            onChange={(e) => setNewDescription(e.target.value)}
          />
        </Field>
      </div>
    </Modal>
  );
}
