import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http } from '../src/api/instance';
import type { Bucket } from '../src/api/types';
import { Button, ConfirmProvider, ToastProvider } from '../src/components/ui';
import { useDeleteBucket } from '../src/pages/storage/useDeleteBucket';
import { fakeAdapter, type Handler } from './fake-api';

const bucket = (file_count: number): Bucket => ({
  id: '7d6f3b0e-5a4c-4f7e-9b1a-2c3d4e5f6a7b',
  name: 'photos',
  description: null,
  is_public: false,
  minio_bucket_name: 'photos-x1',
  owner_id: 'a1b2c3d4-0000-4000-8000-000000000001',
  file_size_limit: null,
  created_at: '2026-11-28T00:00:00Z',
  updated_at: '2026-11-28T00:00:00Z',
  file_count,
  total_size: file_count * 2048,
});

function DeleteButton({ target, onDone }: { target: Bucket; onDone: (gone: boolean) => void }) {
  const deleteBucket = useDeleteBucket();
  return <Button onClick={async () => onDone(await deleteBucket(target))}>Delete it</Button>;
}

let original: typeof http.defaults.adapter;
beforeEach(() => {
  original = http.defaults.adapter;
});
afterEach(() => {
  http.defaults.adapter = original;
});

function setup(target: Bucket, handler: Handler) {
  const fake = fakeAdapter(handler);
  http.defaults.adapter = fake.adapter;
  const results: boolean[] = [];
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ToastProvider>
        <ConfirmProvider>
          <DeleteButton target={target} onDone={(gone) => results.push(gone)} />
        </ConfirmProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
  const deletes = () => fake.calls.filter((c) => c.method === 'delete');
  return { results, deletes, user: userEvent.setup() };
}

describe('deleting a bucket', () => {
  it('asks once for an empty bucket and deletes without force', async () => {
    const { results, deletes, user } = setup(bucket(0), () => ({ status: 204 }));
    await user.click(screen.getByRole('button', { name: 'Delete it' }));
    expect(screen.getByRole('dialog', { name: 'Delete bucket photos?' }).textContent).toContain(
      'The empty bucket photos will be deleted',
    );
    await user.click(screen.getByRole('button', { name: 'Delete bucket' }));
    await screen.findByText('Bucket photos deleted');
    expect(deletes().map((c) => [c.url, c.params])).toEqual([[`/buckets/${bucket(0).id}`, {}]]);
    expect(results).toEqual([true]);
  });

  it('asks a second time for a bucket with files, naming how many, before a forced delete', async () => {
    const { results, deletes, user } = setup(bucket(3), () => ({ status: 204 }));
    await user.click(screen.getByRole('button', { name: 'Delete it' }));
    expect(screen.getByRole('dialog').textContent).toContain('it holds 3 files (6.0 KB)');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const second = screen.getByRole('dialog', { name: 'Destroy 3 files?' });
    expect(second.textContent).toContain('also destroys all 3 files in it');
    const destroy = screen.getByRole('button', { name: 'Delete bucket and 3 files' });
    expect((destroy as HTMLButtonElement).disabled).toBe(true);
    expect(deletes()).toEqual([]);
    await user.type(screen.getByLabelText('Type photos to confirm'), 'photos');
    await user.click(destroy);
    await screen.findByText('Bucket photos deleted');
    expect(deletes().map((c) => c.params)).toEqual([{ force: true }]);
    expect(results).toEqual([true]);
  });

  it('deletes nothing when the second question is declined', async () => {
    const { results, deletes, user } = setup(bucket(3), () => ({ status: 204 }));
    await user.click(screen.getByRole('button', { name: 'Delete it' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect.poll(() => results).toEqual([false]);
    expect(deletes()).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the API refusing a bucket that was not empty after all, and never forces', async () => {
    const { results, deletes, user } = setup(bucket(0), () => ({
      status: 409,
      data: {
        detail: 'The bucket is not empty; delete its files or use ?force=true',
        code: 'BUCKET_NOT_EMPTY',
      },
    }));
    await user.click(screen.getByRole('button', { name: 'Delete it' }));
    await user.click(screen.getByRole('button', { name: 'Delete bucket' }));
    await screen.findByText(/The bucket is not empty.*\(BUCKET_NOT_EMPTY\)/);
    expect(deletes().map((c) => c.params)).toEqual([{}]);
    expect(results).toEqual([false]);
  });
});
