import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it, vi } from 'vitest';
import { fileKind } from '../src/pages/storage/file-kind';
import { UploadPanel } from '../src/pages/storage/UploadPanel';
import type { Upload } from '../src/pages/storage/useUploads';

const file = (name: string, size: number, type = 'application/octet-stream') =>
  new File([new Uint8Array(size)], name, { type });

const tooLarge = new AxiosError('Request failed', 'ERR_BAD_REQUEST', undefined, null, {
  status: 413,
  statusText: 'Payload Too Large',
  data: { detail: 'The file is larger than the upload limit', code: 'FILE_TOO_LARGE' },
  headers: {},
  config: {} as InternalAxiosRequestConfig,
} as AxiosResponse);

const uploads: Upload[] = [
  { key: 1, file: file('done.png', 4096, 'image/png'), loaded: 4096, status: 'done', error: null },
  { key: 2, file: file('half.bin', 2 * 1024 * 1024), loaded: 1024 * 1024, status: 'uploading', error: null },
  { key: 3, file: file('waiting.txt', 10, 'text/plain'), loaded: 0, status: 'queued', error: null },
  { key: 4, file: file('huge.iso', 5000), loaded: 0, status: 'failed', error: tooLarge },
  {
    key: 5,
    file: file('stopped.mov', 8000, 'video/quicktime'),
    loaded: 3000,
    status: 'cancelled',
    error: null,
  },
];

function renderPanel() {
  const handlers = { onCancel: vi.fn(), onRetry: vi.fn(), onClear: vi.fn() };
  render(<UploadPanel uploads={uploads} {...handlers} />);
  const item = (name: string) =>
    screen.getAllByTestId('upload-item').find((li) => li.textContent?.includes(name)) as HTMLElement;
  return { handlers, item };
}

describe('the upload panel', () => {
  it('shows each file with its own progress and state', () => {
    const { item } = renderPanel();
    const percent = (name: string) =>
      screen.getByRole('progressbar', { name: `Upload of ${name}` }).getAttribute('aria-valuenow');
    expect(percent('done.png')).toBe('100');
    expect(percent('half.bin')).toBe('50');
    expect(percent('waiting.txt')).toBe('0');
    expect(percent('stopped.mov')).toBe('0');
    expect(item('done.png').textContent).toContain('Uploaded · 4.0 KB');
    expect(item('half.bin').textContent).toContain('50% · 1.0 MB of 2.0 MB');
    expect(item('waiting.txt').textContent).toContain('Waiting…');
    expect(item('stopped.mov').textContent).toContain('Cancelled');
    expect(screen.getByRole('heading').textContent).toBe('Uploading 2 files');
  });

  it("shows a failed upload with the API's message and code", () => {
    const { item } = renderPanel();
    const alert = within(item('huge.iso')).getByRole('alert');
    expect(alert.textContent).toBe('The file is larger than the upload limitFILE_TOO_LARGE');
  });

  it('cancels running and waiting uploads, retries failed and cancelled ones, clears finished ones', async () => {
    const user = userEvent.setup();
    const { handlers } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Cancel upload of half.bin' }));
    await user.click(screen.getByRole('button', { name: 'Cancel upload of waiting.txt' }));
    await user.click(screen.getByRole('button', { name: 'Retry upload of huge.iso' }));
    await user.click(screen.getByRole('button', { name: 'Retry upload of stopped.mov' }));
    await user.click(screen.getByRole('button', { name: 'Clear finished' }));
    expect(handlers.onCancel.mock.calls).toEqual([[2], [3]]);
    expect(handlers.onRetry.mock.calls).toEqual([[4], [5]]);
    expect(handlers.onClear).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: /upload of done.png/ })).toBeNull();
  });
});

describe('file kinds', () => {
  it.each([
    ['image/svg+xml', 'image'],
    ['video/mp4', 'video'],
    ['audio/mpeg', 'audio'],
    ['application/pdf', 'pdf'],
    ['text/plain; charset=utf-8', 'text'],
    ['application/json', 'text'],
    ['application/zip', 'other'],
    ['', 'other'],
  ])('%s is shown as %s', (type, kind) => {
    expect(fileKind(type)).toBe(kind);
  });
});
