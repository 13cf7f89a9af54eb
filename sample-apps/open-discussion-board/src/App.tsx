import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Session } from './api.ts';
import {
  avatarColor,
  type Comment,
  canModify,
  client,
  config,
  initials,
  normaliseComment,
  normaliseTopic,
  type Topic,
  timeAgo,
} from './board.ts';
import { ChatIcon, ImageIcon, LockIcon, PaperclipIcon, PencilIcon, TrashIcon, VideoIcon } from './icons.tsx';
import { RealtimeConnection, type RealtimeStatus, type RowChange } from './realtime.ts';

const NAME_KEY = 'open-discussion-board.name';
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function message(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'AUTH_REQUIRED' || error.code === 'FORBIDDEN')
      return 'You are not allowed to do that.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function readRoute(): string | null {
  return window.location.hash.match(/^#\/topic\/(\w+)/)?.[1] ?? null;
}

function useRoute(): [string | null, (topicId: string | null) => void] {
  const [topicId, setTopicId] = useState<string | null>(readRoute);
  useEffect(() => {
    const onHash = () => setTopicId(readRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((id: string | null) => {
    window.location.hash = id ? `#/topic/${id}` : '#/';
    window.scrollTo({ top: 0 });
  }, []);
  return [topicId, go];
}

export function App() {
  const [session, setSession] = useState<Session | null>(client.session);
  const [topics, setTopics] = useState<Topic[]>([]);
  const [comments, setComments] = useState<Comment[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [authOpen, setAuthOpen] = useState<'login' | 'register' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [topicId, go] = useRoute();
  const wasOffline = useRef(false);

  useEffect(() => client.onSessionChange(setSession), []);

  const load = useCallback(async () => {
    try {
      const [topicPage, commentPage] = await Promise.all([
        client.listRows<Record<string, unknown>>('topics', {
          order_by: 'created_at:desc',
          page_size: 200,
          count: 'none',
        }),
        client.listRows<Record<string, unknown>>('comments', {
          order_by: 'created_at:asc',
          page_size: 1000,
          count: 'none',
        }),
      ]);
      setTopics(topicPage.data.map(normaliseTopic));
      setComments(commentPage.data.map(normaliseComment));
      setLoadError(null);
    } catch (error) {
      setLoadError(message(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // The socket's role is fixed when it authenticates: reconnect when the user logs in or out.
  const userId = session?.user_id ?? null;
  useEffect(() => {
    void userId;
    const onChange = (change: RowChange) => {
      if (change.table === 'topics') {
        if (change.event === 'DELETE') {
          const id = String(change.old?.id);
          setTopics((list) => list.filter((t) => t.id !== id));
        } else if (change.new) {
          const row = normaliseTopic(change.new);
          setTopics((list) =>
            list.some((t) => t.id === row.id) ? list.map((t) => (t.id === row.id ? row : t)) : [row, ...list],
          );
        }
      } else if (change.table === 'comments') {
        if (change.event === 'DELETE') {
          const id = String(change.old?.id);
          setComments((list) => list.filter((c) => c.id !== id));
        } else if (change.new) {
          const row = normaliseComment(change.new);
          setComments((list) =>
            list.some((c) => c.id === row.id) ? list.map((c) => (c.id === row.id ? row : c)) : [...list, row],
          );
        }
      }
    };
    const onStatus = (next: RealtimeStatus) => {
      setStatus(next);
      if (next === 'offline') wasOffline.current = true;
      if (next === 'live' && wasOffline.current) {
        wasOffline.current = false;
        void load(); // catch up on anything missed while the socket was down
      }
    };
    const connection = new RealtimeConnection(
      client.realtimeUrl(),
      () => client.realtimeToken(),
      ['topics', 'comments'],
      onChange,
      onStatus,
    );
    return () => connection.close();
  }, [userId, load]);

  const flash = useCallback((text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((current) => (current === text ? null : current)), 4000);
  }, []);

  const onError = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.code === 'SESSION_EXPIRED') setAuthOpen('login');
      flash(message(error));
    },
    [flash],
  );

  const topic = topicId ? topics.find((t) => t.id === topicId) : undefined;

  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar-inner">
          <button type="button" className="brand" onClick={() => go(null)}>
            <span className="brand-mark">
              <ChatIcon size={20} />
            </span>
            <span>
              <strong>Open Discussion Board</strong>
              <small>built on SelfDB</small>
            </span>
          </button>
          <div className="topbar-right">
            <span className={`live live-${status}`} data-testid="live-status">
              <span className="dot" />
              {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
            </span>
            {session ? (
              <div className="user-chip" data-testid="user-chip">
                <Avatar name={session.display_name} small />
                <span>{session.display_name}</span>
                <button type="button" className="link" onClick={() => void client.logout()}>
                  Log out
                </button>
              </div>
            ) : (
              <>
                <button type="button" className="btn ghost" onClick={() => setAuthOpen('login')}>
                  Log in
                </button>
                <button type="button" className="btn primary" onClick={() => setAuthOpen('register')}>
                  Sign up
                </button>
              </>
            )}
          </div>
        </div>
      </header>

      <main className="content">
        {loadError && <div className="banner error">Could not load the board: {loadError}</div>}
        {topicId ? (
          topic ? (
            <TopicView
              topic={topic}
              comments={comments.filter((c) => c.topic_id === topic.id)}
              session={session}
              onBack={() => go(null)}
              onError={onError}
              onDeleted={() => {
                setTopics((list) => list.filter((t) => t.id !== topic.id));
                go(null);
                flash('Topic deleted');
              }}
              onTopicSaved={(row) => setTopics((list) => list.map((t) => (t.id === row.id ? row : t)))}
              onCommentsChanged={setComments}
            />
          ) : (
            <div className="empty">{loading ? 'Loading…' : 'This topic does not exist (any more).'}</div>
          )
        ) : (
          <>
            <Composer
              session={session}
              onError={onError}
              onPosted={(row) => {
                setTopics((list) => (list.some((t) => t.id === row.id) ? list : [row, ...list]));
                flash('Your topic is live');
              }}
            />
            <section className="feed" data-testid="topic-list">
              <h2 className="section-title">
                Latest topics <span className="count">{topics.length}</span>
              </h2>
              {loading && <div className="empty">Loading…</div>}
              {!loading && topics.length === 0 && (
                <div className="empty">No topics yet. Start the first conversation above!</div>
              )}
              {topics.map((t) => (
                <TopicCard
                  key={t.id}
                  topic={t}
                  commentCount={comments.filter((c) => c.topic_id === t.id).length}
                  onOpen={() => go(t.id)}
                />
              ))}
            </section>
          </>
        )}
      </main>

      <footer className="footer">
        Anyone can read and post. Sign up to edit or delete what you write. Data, files and live updates by{' '}
        <strong>SelfDB</strong>.
      </footer>

      {notice && (
        <div className="toast" role="status">
          {notice}
        </div>
      )}
      {authOpen && <AuthDialog mode={authOpen} onMode={setAuthOpen} onClose={() => setAuthOpen(null)} />}
    </div>
  );
}

function Avatar({ name, small }: { name: string; small?: boolean }) {
  return (
    <span className={small ? 'avatar small' : 'avatar'} style={{ background: avatarColor(name) }} aria-hidden>
      {initials(name)}
    </span>
  );
}

function Byline({ row, session }: { row: Topic | Comment; session: Session | null }) {
  const mine = session && row.user_id === session.user_id;
  return (
    <div className="byline">
      <Avatar name={row.author_name} small />
      <span className="author">{row.author_name}</span>
      {row.user_id ? (
        <span className="tag member" title="Posted by a registered member">
          {mine ? 'you' : 'member'}
        </span>
      ) : (
        <span className="tag guest" title="Posted anonymously: nobody can edit it">
          guest
        </span>
      )}
      <span className="dot-sep">·</span>
      <time dateTime={row.created_at} title={new Date(row.created_at).toLocaleString()}>
        {timeAgo(row.created_at)}
      </time>
      {row.updated_at && new Date(row.updated_at).getTime() !== new Date(row.created_at).getTime() && (
        <span className="edited">(edited)</span>
      )}
    </div>
  );
}

function Media({ topic, compact }: { topic: Topic; compact?: boolean }) {
  if (!topic.media_url) return null;
  if (topic.media_type?.startsWith('video/')) {
    return (
      // biome-ignore lint/a11y/useMediaCaption: user-uploaded videos come without captions
      <video
        className={compact ? 'media compact' : 'media'}
        src={topic.media_url}
        controls
        preload="metadata"
      />
    );
  }
  return (
    <img
      className={compact ? 'media compact' : 'media'}
      src={topic.media_url}
      alt={`Attachment of “${topic.title}”`}
      loading="lazy"
      data-testid="topic-image"
    />
  );
}

function TopicCard({
  topic,
  commentCount,
  onOpen,
}: {
  topic: Topic;
  commentCount: number;
  onOpen: () => void;
}) {
  return (
    <article className="card topic-card" data-testid="topic-card">
      <button type="button" className="card-hit" onClick={onOpen} aria-label={`Open ${topic.title}`} />
      <div className="topic-card-body">
        <Byline row={topic} session={null} />
        <h3>{topic.title}</h3>
        <p className="excerpt">{topic.content}</p>
        <div className="card-foot">
          <span>
            <ChatIcon size={14} /> {commentCount} {commentCount === 1 ? 'reply' : 'replies'}
          </span>
          {topic.media_url && (
            <span>
              {topic.media_type?.startsWith('video/') ? <VideoIcon size={14} /> : <ImageIcon size={14} />}{' '}
              {topic.media_type?.startsWith('video/') ? 'video' : 'image'}
            </span>
          )}
        </div>
      </div>
      {topic.media_url && (
        <div className="thumb">
          <Media topic={topic} compact />
        </div>
      )}
    </article>
  );
}

function NameField({
  session,
  name,
  setName,
}: {
  session: Session | null;
  name: string;
  setName: (n: string) => void;
}) {
  if (session) {
    return (
      <div className="posting-as">
        Posting as <Avatar name={session.display_name} small /> <strong>{session.display_name}</strong>
      </div>
    );
  }
  return (
    <label className="field inline">
      <span>Your name</span>
      <input
        name="author_name"
        value={name}
        maxLength={60}
        required
        placeholder="How others will see you"
        onChange={(e) => setName(e.target.value)}
      />
    </label>
  );
}

function useDisplayName(): [string, (n: string) => void] {
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  return [
    name,
    (next: string) => {
      setName(next);
      localStorage.setItem(NAME_KEY, next);
    },
  ];
}

function Composer({
  session,
  onPosted,
  onError,
}: {
  session: Session | null;
  onPosted: (topic: Topic) => void;
  onError: (error: unknown) => void;
}) {
  const [name, setName] = useDisplayName();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const pick = (picked: File | undefined) => {
    if (!picked) return;
    if (!/^(image|video)\//.test(picked.type)) return onError(new Error('Attach an image or a video.'));
    if (picked.size > MAX_MEDIA_BYTES) return onError(new Error('That file is larger than 100 MB.'));
    setFile(picked);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      let media: { media_url: string; media_type: string } | null = null;
      if (file) {
        const bucket = (await client.publicBuckets()).find((b) => b.name === config.bucket);
        if (!bucket) throw new Error(`The media bucket "${config.bucket}" is missing: run setup.sh`);
        setProgress(0);
        const stored = await client.uploadFile(bucket.id, file, setProgress);
        media = {
          media_url: await client.publicViewUrl(stored.id),
          media_type: stored.content_type || file.type,
        };
      }
      const rows = await client.insertRow<Record<string, unknown>>('topics', {
        title: title.trim(),
        content: content.trim(),
        author_name: session ? session.display_name : name.trim(),
        ...media,
      });
      onPosted(normaliseTopic(rows));
      setTitle('');
      setContent('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <form className="card composer" onSubmit={submit} data-testid="composer">
      <div className="composer-head">
        <h2>Start a discussion</h2>
        <NameField session={session} name={name} setName={setName} />
      </div>
      <input
        className="title-input"
        name="title"
        value={title}
        maxLength={200}
        required
        placeholder="Give your topic a title"
        onChange={(e) => setTitle(e.target.value)}
      />
      <textarea
        name="content"
        value={content}
        required
        rows={3}
        placeholder="What would you like to talk about?"
        onChange={(e) => setContent(e.target.value)}
      />
      {preview && file && (
        <div className="attachment">
          {file.type.startsWith('video/') ? (
            <video src={preview} muted />
          ) : (
            <img src={preview} alt="Preview of the attachment" />
          )}
          <div className="attachment-info">
            <strong>{file.name}</strong>
            <span className="muted">{formatSize(file.size)}</span>
            {progress !== null ? (
              <div className="progress" data-testid="upload-progress">
                <div className="progress-bar" style={{ width: `${Math.round(progress * 100)}%` }} />
                <span>{Math.round(progress * 100)}%</span>
              </div>
            ) : (
              <button type="button" className="link" onClick={() => setFile(null)} disabled={busy}>
                Remove
              </button>
            )}
          </div>
        </div>
      )}
      <div className="composer-foot">
        <label className="btn ghost file-btn">
          <PaperclipIcon /> Add image or video
          <input
            ref={fileInput}
            type="file"
            name="media"
            accept="image/*,video/*"
            onChange={(e) => pick(e.target.files?.[0])}
            hidden
          />
        </label>
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? (progress !== null && progress < 1 ? 'Uploading…' : 'Posting…') : 'Post topic'}
        </button>
      </div>
    </form>
  );
}

function EditableText({
  value,
  multiline,
  onSave,
  onCancel,
  testId,
}: {
  value: string;
  multiline?: boolean;
  onSave: (next: string) => Promise<void>;
  onCancel: () => void;
  testId: string;
}) {
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    setBusy(true);
    try {
      await onSave(draft.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="edit-form" onSubmit={save} data-testid={testId}>
      {multiline ? (
        <textarea value={draft} rows={3} onChange={(e) => setDraft(e.target.value)} />
      ) : (
        <input value={draft} onChange={(e) => setDraft(e.target.value)} />
      )}
      <div className="row-actions">
        <button type="submit" className="btn primary small" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TopicView({
  topic,
  comments,
  session,
  onBack,
  onError,
  onDeleted,
  onTopicSaved,
  onCommentsChanged,
}: {
  topic: Topic;
  comments: Comment[];
  session: Session | null;
  onBack: () => void;
  onError: (error: unknown) => void;
  onDeleted: () => void;
  onTopicSaved: (topic: Topic) => void;
  onCommentsChanged: (update: (list: Comment[]) => Comment[]) => void;
}) {
  const [editing, setEditing] = useState(false);
  const mine = canModify(session, topic);

  const remove = async () => {
    if (!window.confirm('Delete this topic?')) return;
    try {
      await client.deleteRow('topics', topic.id);
      onDeleted();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'FK_VIOLATION') {
        onError(new Error('This topic has replies, so it stays; you can still edit it.'));
      } else onError(error);
    }
  };

  return (
    <div className="topic-view">
      <button type="button" className="link back" onClick={onBack}>
        ← All topics
      </button>
      <article className="card topic-full" data-testid="topic-full">
        <Byline row={topic} session={session} />
        {editing ? (
          <TopicEditor
            topic={topic}
            onCancel={() => setEditing(false)}
            onSaved={(row) => {
              onTopicSaved(row);
              setEditing(false);
            }}
            onError={onError}
          />
        ) : (
          <>
            <h1>{topic.title}</h1>
            <p className="body">{topic.content}</p>
          </>
        )}
        <Media topic={topic} />
        {!topic.user_id && (
          <div className="hint">
            <LockIcon size={14} /> Posted as a guest: it stays as written.
          </div>
        )}
        {mine && !editing && (
          <div className="row-actions owner">
            <button type="button" className="btn ghost small" onClick={() => setEditing(true)}>
              <PencilIcon size={14} /> Edit
            </button>
            <button type="button" className="btn danger small" onClick={() => void remove()}>
              <TrashIcon size={14} /> Delete
            </button>
          </div>
        )}
      </article>

      <section className="comments">
        <h2 className="section-title">
          Replies <span className="count">{comments.length}</span>
        </h2>
        {comments.length === 0 && <div className="empty small">No replies yet. Be the first!</div>}
        {comments.map((c) => (
          <CommentItem
            key={c.id}
            comment={c}
            session={session}
            onError={onError}
            onSaved={(row) => onCommentsChanged((list) => list.map((x) => (x.id === row.id ? row : x)))}
            onDeleted={() => onCommentsChanged((list) => list.filter((x) => x.id !== c.id))}
          />
        ))}
        <CommentForm
          topicId={topic.id}
          session={session}
          onError={onError}
          onPosted={(row) =>
            onCommentsChanged((list) => (list.some((x) => x.id === row.id) ? list : [...list, row]))
          }
        />
      </section>
    </div>
  );
}

function TopicEditor({
  topic,
  onSaved,
  onCancel,
  onError,
}: {
  topic: Topic;
  onSaved: (topic: Topic) => void;
  onCancel: () => void;
  onError: (error: unknown) => void;
}) {
  const [title, setTitle] = useState(topic.title);
  const [content, setContent] = useState(topic.content);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const row = await client.updateRow<Record<string, unknown>>('topics', topic.id, {
        title: title.trim(),
        content: content.trim(),
        updated_at: new Date().toISOString(),
      });
      onSaved(normaliseTopic(row));
    } catch (error) {
      onError(error);
    }
  };
  return (
    <form className="edit-form" onSubmit={save} data-testid="topic-editor">
      <input value={title} required onChange={(e) => setTitle(e.target.value)} />
      <textarea value={content} required rows={5} onChange={(e) => setContent(e.target.value)} />
      <div className="row-actions">
        <button type="submit" className="btn primary small">
          Save
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CommentItem({
  comment,
  session,
  onSaved,
  onDeleted,
  onError,
}: {
  comment: Comment;
  session: Session | null;
  onSaved: (c: Comment) => void;
  onDeleted: () => void;
  onError: (error: unknown) => void;
}) {
  const [editing, setEditing] = useState(false);
  const mine = canModify(session, comment);
  const save = async (content: string) => {
    try {
      const row = await client.updateRow<Record<string, unknown>>('comments', comment.id, {
        content,
        updated_at: new Date().toISOString(),
      });
      onSaved(normaliseComment(row));
      setEditing(false);
    } catch (error) {
      onError(error);
    }
  };
  const remove = async () => {
    if (!window.confirm('Delete this reply?')) return;
    try {
      await client.deleteRow('comments', comment.id);
      onDeleted();
    } catch (error) {
      onError(error);
    }
  };
  return (
    <div className="card comment" data-testid="comment" data-comment-id={comment.id}>
      <Byline row={comment} session={session} />
      {editing ? (
        <EditableText
          value={comment.content}
          multiline
          onSave={save}
          onCancel={() => setEditing(false)}
          testId="comment-editor"
        />
      ) : (
        <p className="body" data-testid="comment-body">
          {comment.content}
        </p>
      )}
      {mine && !editing && (
        <div className="row-actions owner">
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="link danger" onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
    </div>
  );
}

function CommentForm({
  topicId,
  session,
  onPosted,
  onError,
}: {
  topicId: string;
  session: Session | null;
  onPosted: (c: Comment) => void;
  onError: (error: unknown) => void;
}) {
  const [name, setName] = useDisplayName();
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const row = await client.insertRow<Record<string, unknown>>('comments', {
        topic_id: Number(topicId),
        content: content.trim(),
        author_name: session ? session.display_name : name.trim(),
      });
      onPosted(normaliseComment(row));
      setContent('');
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card comment-form" onSubmit={submit} data-testid="comment-form">
      <NameField session={session} name={name} setName={setName} />
      <textarea
        name="comment"
        value={content}
        required
        rows={3}
        placeholder="Write a reply…"
        onChange={(e) => setContent(e.target.value)}
      />
      <div className="composer-foot end">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Sending…' : 'Reply'}
        </button>
      </div>
    </form>
  );
}

function AuthDialog({
  mode,
  onMode,
  onClose,
}: {
  mode: 'login' | 'register';
  onMode: (mode: 'login' | 'register') => void;
  onClose: () => void;
}) {
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'register') await client.register(email.trim(), password, fullName.trim());
      else await client.login(email.trim(), password);
      onClose();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay">
      <button type="button" className="backdrop" aria-label="Close" onClick={onClose} />
      <form className="card dialog" onSubmit={submit} data-testid="auth-dialog" aria-label="Account">
        <div className="tabs">
          <button
            type="button"
            className={mode === 'login' ? 'tab active' : 'tab'}
            onClick={() => onMode('login')}
          >
            Log in
          </button>
          <button
            type="button"
            className={mode === 'register' ? 'tab active' : 'tab'}
            onClick={() => onMode('register')}
          >
            Sign up
          </button>
        </div>
        <p className="muted">
          {mode === 'register'
            ? 'Members can edit and delete their own topics and replies.'
            : 'Welcome back! Log in to manage your posts.'}
        </p>
        {mode === 'register' && (
          <label className="field">
            <span>Display name</span>
            <input name="full_name" value={fullName} required onChange={(e) => setFullName(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span>Email</span>
          <input
            name="email"
            type="email"
            value={email}
            required
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            value={password}
            minLength={mode === 'register' ? 8 : undefined}
            required
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && <div className="banner error">{error}</div>}
        <div className="composer-foot end">
          <button type="button" className="btn ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Please wait…' : mode === 'register' ? 'Create account' : 'Log in'}
          </button>
        </div>
      </form>
    </div>
  );
}
