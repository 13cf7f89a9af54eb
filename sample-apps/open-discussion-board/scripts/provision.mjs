// Provisions the board's tables, access policies and public media bucket through SelfDB's API, as
// the admin. Run by setup.sh (which reads the settings from SelfDB's .env). Idempotent: tables are
// created with `if_not_exists`, a policy or bucket is changed only when it differs from the wanted
// one, so a second run changes nothing.

const api = `${requireEnv('SELFDB_URL').replace(/\/+$/, '')}/api/v1`;
const anonKey = requireEnv('SELFDB_ANON_KEY');
const bucketName = process.env.MEDIA_BUCKET || 'discussion-media';

/** Anyone reads and posts; a logged-in author updates and deletes their own rows (API.md §4).
 * Rows posted anonymously have no owner, so only a superuser can change them. */
const policy = {
  owner_column: 'user_id',
  permissions: { select: 'anon', insert: 'anon', update: 'owner', delete: 'owner' },
};

const tables = [
  {
    name: 'topics',
    description: 'Open Discussion Board: topics',
    columns: [
      { name: 'id', type: 'bigserial', primary_key: true },
      { name: 'title', type: 'text', nullable: false },
      { name: 'content', type: 'text', nullable: false },
      { name: 'author_name', type: 'text', nullable: false },
      { name: 'media_url', type: 'text' },
      { name: 'media_type', type: 'text' },
      { name: 'user_id', type: 'uuid' },
      { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()' },
      { name: 'updated_at', type: 'timestamptz', nullable: false, default: 'now()' },
    ],
  },
  {
    name: 'comments',
    description: 'Open Discussion Board: replies to topics',
    columns: [
      { name: 'id', type: 'bigserial', primary_key: true },
      {
        name: 'topic_id',
        type: 'bigint',
        nullable: false,
        is_foreign_key: true,
        references_table: 'topics',
        references_column: 'id',
      },
      { name: 'content', type: 'text', nullable: false },
      { name: 'author_name', type: 'text', nullable: false },
      { name: 'user_id', type: 'uuid' },
      { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()' },
      { name: 'updated_at', type: 'timestamptz', nullable: false, default: 'now()' },
    ],
  },
];

/** @param {string} name */
function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (run setup.sh)`);
    process.exit(1);
  }
  return value;
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, token?: string }} [options]
 */
async function call(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = options.token ? { Authorization: `Bearer ${options.token}` } : { apikey: anonKey };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${api}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new Error(
      `SelfDB does not answer at ${api} (${error instanceof Error ? error.message : error}); is it running?`,
    );
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const detail = typeof data?.detail === 'string' ? data.detail : JSON.stringify(data?.detail ?? data);
    throw new Error(`${options.method ?? 'GET'} ${path}: ${response.status} ${data?.code ?? ''} ${detail}`);
  }
  return data;
}

/** @param {Record<string, string>} a @param {Record<string, string>} b */
function samePermissions(a, b) {
  return ['select', 'insert', 'update', 'delete'].every((op) => a?.[op] === b?.[op]);
}

async function main() {
  const login = await call('/auth/login', {
    method: 'POST',
    body: { email: requireEnv('SELFDB_ADMIN_EMAIL'), password: requireEnv('SELFDB_ADMIN_PASSWORD') },
  });
  const token = login.access_token;
  try {
    for (const table of tables) {
      const created = await call('/tables', {
        method: 'POST',
        token,
        body: { ...table, if_not_exists: true, ...policy },
      });
      const current = await call(`/tables/${table.name}`, { token });
      const have = new Set(current.columns.map((/** @type {{column_name: string}} */ c) => c.column_name));
      const missing = table.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
      if (missing.length > 0) {
        throw new Error(
          `table "${table.name}" exists but lacks column(s) ${missing.join(', ')}; drop or fix it`,
        );
      }
      if (
        current.owner_column !== policy.owner_column ||
        !samePermissions(current.permissions, policy.permissions)
      ) {
        await call(`/tables/${table.name}`, { method: 'PUT', token, body: policy });
        console.log(`table ${table.name}: access policy updated`);
      } else {
        console.log(`table ${table.name}: ${created.created ? 'created' : 'already there'}`);
      }
    }

    /** @type {{id: string, name: string, is_public: boolean}[]} */
    const buckets = await call('/buckets?limit=1000', { token });
    const bucket = buckets.find((b) => b.name === bucketName);
    if (!bucket) {
      await call('/buckets', {
        method: 'POST',
        token,
        body: { name: bucketName, description: 'Open Discussion Board: images and videos', is_public: true },
      });
      console.log(`bucket ${bucketName}: created (public)`);
    } else if (!bucket.is_public) {
      await call(`/buckets/${bucket.id}`, { method: 'PUT', token, body: { is_public: true } });
      console.log(`bucket ${bucketName}: made public`);
    } else {
      console.log(`bucket ${bucketName}: already there`);
    }
  } finally {
    await call('/auth/logout', { method: 'POST', body: { refresh_token: login.refresh_token } }).catch(
      () => {},
    );
  }
  console.log('The board is ready: npm run dev (http://localhost:5173)');
}

main().catch((error) => {
  console.error(`setup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
