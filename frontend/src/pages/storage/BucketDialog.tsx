import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { storage } from '../../api/endpoints';
import type { Bucket } from '../../api/types';
import { DialogActions, Field, InlineError, Modal } from '../../components/ui';

const MIB = 1024 * 1024;

const VISIBILITY = [
  [false, 'Private', 'Only you and superusers read its files; share them with signed, expiring links'],
  [true, 'Public', 'Anyone with a file’s link can read it, without credentials; only you upload'],
] as const;

/** Creates a bucket, or (given `bucket`) changes its description, visibility and size limit. */
export function BucketDialog({
  bucket,
  onClose,
  onSaved,
}: {
  bucket?: Bucket;
  onClose: () => void;
  onSaved: (bucket: Bucket) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState(bucket?.description ?? '');
  const [isPublic, setPublic] = useState(bucket?.is_public ?? false);
  const [limitMb, setLimitMb] = useState(bucket?.file_size_limit ? String(bucket.file_size_limit / MIB) : '');

  const save = useMutation({
    mutationFn: () => {
      const limit = limitMb.trim() === '' ? null : Math.round(Number(limitMb) * MIB);
      const change = { description: description.trim() || null, is_public: isPublic, file_size_limit: limit };
      return bucket
        ? storage.updateBucket(bucket.id, change)
        : storage.createBucket({ name: name.trim(), ...change });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['buckets'] });
      onSaved(saved);
    },
  });
  const limitValid = limitMb.trim() === '' || Number(limitMb) > 0;

  return (
    <Modal
      title={bucket ? `Edit bucket ${bucket.name}` : 'New bucket'}
      onClose={onClose}
      footer={
        <DialogActions
          onCancel={onClose}
          label={bucket ? 'Save' : 'Create bucket'}
          busy={save.isPending}
          disabled={(!bucket && !name.trim()) || !limitValid}
          onSubmit={() => save.mutate()}
        />
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {bucket ? null : (
          <Field
            label="Bucket name"
            hint="3–63 lower-case letters, digits and hyphens, starting and ending with a letter or digit. It cannot be changed later."
          >
            <input
              className="input mono"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                save.reset();
              }}
              placeholder="avatars"
              autoComplete="off"
            />
          </Field>
        )}
        <Field label="Description">
          <input
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="What this bucket holds"
          />
        </Field>
        <div className="field">
          <span className="field-label">Visibility</span>
          <div className="segmented segmented-2" role="radiogroup" aria-label="Visibility">
            {VISIBILITY.map(([value, label, hint]) => (
              <label key={label} className={`segment ${isPublic === value ? 'segment-active' : ''}`}>
                <input
                  type="radio"
                  name="bucket-visibility"
                  checked={isPublic === value}
                  onChange={() => setPublic(value)}
                />
                <span className="segment-label">{label}</span>
                <span className="segment-hint">{hint}</span>
              </label>
            ))}
          </div>
          {bucket && !bucket.is_public && isPublic && bucket.file_count > 0 ? (
            <div className="notice">
              The {bucket.file_count.toLocaleString()} file{bucket.file_count === 1 ? '' : 's'} already in
              this bucket become readable by anyone who has their link.
            </div>
          ) : null}
        </div>
        <Field
          label="File size limit (MB)"
          hint="Uploads larger than this are refused. Empty: the server's limit."
        >
          <input
            className="input limit-input"
            type="number"
            min="0"
            step="any"
            value={limitMb}
            onChange={(e) => setLimitMb(e.target.value)}
          />
        </Field>
        <InlineError error={save.error} />
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
