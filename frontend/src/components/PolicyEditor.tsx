import type { Operation, Permissions, Rule } from '../api/types';

export const PRESETS: Record<'public' | 'private', Permissions> = {
  public: { select: 'anon', insert: 'anon', update: 'owner', delete: 'owner' },
  private: { select: 'superuser', insert: 'superuser', update: 'superuser', delete: 'superuser' },
};

const OPERATIONS: Operation[] = ['select', 'insert', 'update', 'delete'];
const RULES: Array<{ value: Rule; label: string }> = [
  { value: 'anon', label: 'Anyone (anon key)' },
  { value: 'authenticated', label: 'Signed-in users' },
  { value: 'owner', label: 'Row owner' },
  { value: 'superuser', label: 'Superusers only' },
];

export type PolicyValue = {
  mode: 'public' | 'private' | 'custom';
  permissions: Permissions;
  ownerColumn: string;
};

export function policyFromTable(t: {
  is_public: boolean;
  permissions: Permissions;
  owner_column: string | null;
}): PolicyValue {
  const same = (p: Permissions) => OPERATIONS.every((op) => p[op] === t.permissions[op]);
  const mode = same(PRESETS.public) ? 'public' : same(PRESETS.private) ? 'private' : 'custom';
  return { mode, permissions: { ...t.permissions }, ownerColumn: t.owner_column ?? '' };
}

/** The access policy as the API takes it: a preset flag plus explicit per-operation rules. */
export function policyBody(value: PolicyValue) {
  const permissions = value.mode === 'custom' ? value.permissions : PRESETS[value.mode];
  return {
    is_public: value.mode === 'public',
    permissions,
    owner_column: value.ownerColumn.trim() || null,
  };
}

export function PolicyEditor({
  value,
  onChange,
  columns,
}: {
  value: PolicyValue;
  onChange: (value: PolicyValue) => void;
  columns: string[];
}) {
  const usesOwner = Object.values(value.mode === 'custom' ? value.permissions : PRESETS[value.mode]).includes(
    'owner',
  );
  return (
    <div className="policy">
      <div className="segmented" role="radiogroup" aria-label="Access policy">
        {(
          [
            ['private', 'Private', 'Only superusers read and write'],
            ['public', 'Public', 'Anyone reads and inserts; owners update and delete'],
            ['custom', 'Custom', 'Choose who may do each operation'],
          ] as const
        ).map(([mode, label, hint]) => (
          <label key={mode} className={`segment ${value.mode === mode ? 'segment-active' : ''}`}>
            <input
              type="radio"
              name="policy-mode"
              value={mode}
              checked={value.mode === mode}
              onChange={() =>
                onChange({
                  ...value,
                  mode,
                  permissions: mode === 'custom' ? value.permissions : PRESETS[mode],
                })
              }
            />
            <span className="segment-label">{label}</span>
            <span className="segment-hint">{hint}</span>
          </label>
        ))}
      </div>
      {value.mode === 'custom' ? (
        <div className="policy-grid">
          {OPERATIONS.map((op) => (
            <label key={op} className="policy-row">
              <span className="policy-op">{op}</span>
              <select
                className="input"
                aria-label={`Who may ${op}`}
                value={value.permissions[op]}
                onChange={(e) =>
                  onChange({ ...value, permissions: { ...value.permissions, [op]: e.target.value as Rule } })
                }
              >
                {RULES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      <label className="field">
        <span className="field-label">Owner column</span>
        <select
          className="input"
          value={value.ownerColumn}
          onChange={(e) => onChange({ ...value, ownerColumn: e.target.value })}
        >
          <option value="">None</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <span className="field-hint">
          {usesOwner
            ? 'A uuid column holding the id of the user who owns each row; it is set on insert.'
            : 'Optional: a uuid column holding the id of the user who owns each row.'}
        </span>
      </label>
    </div>
  );
}
