import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientPng, onePagePdf, toneWav } from './support/sample-files';
import { type Dashboard, openDashboard } from './support/session';

/*
 * The Storage pages in Chromium against the native stack: buckets, uploads (dropped and chosen),
 * previews, downloads, links, cancelling and deleting. Like the dashboard test, the steps follow
 * one person's session and build on each other.
 */

type Bucket = {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  file_size_limit: number | null;
  file_count: number;
  total_size: number;
};
type StoredFile = { id: string; filename: string; size: number; content_type: string; status: string };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const photo = gradientPng(320, 200);
// Big enough that its PUT reports progress on the way, small enough to stay quick.
const notes = Buffer.from('A line of notes for the storage test.\n'.repeat(8000));
const contract = onePagePdf('Signed contract');

let d: Dashboard;
let scratch: string;

async function bucketNamed(name: string): Promise<Bucket | undefined> {
  return (await d.api<Bucket[]>('GET', '/buckets')).find((b) => b.name === name);
}

async function filesOf(bucket: Bucket): Promise<StoredFile[]> {
  return d.api<StoredFile[]>('GET', `/buckets/${bucket.id}/files`);
}

async function mustFind(name: string): Promise<Bucket> {
  const bucket = await bucketNamed(name);
  if (!bucket) throw new Error(`bucket ${name} does not exist`);
  return bucket;
}

/** Uploads a file the way another client would: a multipart POST to the API. */
async function uploadThroughApi(bucket: Bucket, name: string, type: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${d.stack.url}/api/v1/buckets/${bucket.id}/files`, {
    method: 'POST',
    headers: { apikey: d.stack.anonKey, authorization: `Bearer ${d.adminToken}` },
    body: form,
  });
  expect(res.status).toBe(201);
}

/** Drops files on the page's drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFiles(files: Array<{ name: string; type: string; bytes: Buffer }>) {
  await d.page.getByTestId('dropzone').evaluate(
    (zone, list) => {
      const transfer = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.type }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })),
  );
}

const fileButton = (name: string) => d.page.getByRole('button', { name, exact: true });
const progress = (name: string) => d.page.getByRole('progressbar', { name: `Upload of ${name}` });
/** Waits for a value as long as Playwright waits for an element (vitest's own default is 1 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const readClipboard = () => d.page.evaluate(() => navigator.clipboard.readText());

beforeAll(async () => {
  d = await openDashboard();
  scratch = await mkdtemp(path.join(tmpdir(), 'selfdb-storage-e2e-'));
  await d.page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.stack.dashboardUrl });
});

afterAll(async () => {
  await d?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('storage', () => {
  it('creates a private and a public bucket', async () => {
    const { page } = d;
    await d.signIn(d.stack.admin.email, d.stack.admin.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await d.nav('Storage').click();
    await page.getByText('No buckets yet').waitFor();
    await d.shot('storage-01-empty');

    await page.getByRole('button', { name: 'New bucket' }).click();
    await page.getByLabel('Bucket name').fill('Bad Name');
    await page.getByRole('button', { name: 'Create bucket' }).click();
    await page.getByRole('dialog').getByText('INVALID_BUCKET_NAME').waitFor();
    await d.shot('storage-02a-invalid-name');
    await page.getByLabel('Bucket name').fill('contracts');
    await page.getByLabel('Description').fill('Signed paperwork');
    await d.shot('storage-02b-create-private');
    await page.getByRole('button', { name: 'Create bucket' }).click();
    await page.getByRole('heading', { name: /contracts/ }).waitFor();
    await page.getByText('This bucket is empty').waitFor();
    const contracts = await mustFind('contracts');
    expect(contracts).toMatchObject({ is_public: false, description: 'Signed paperwork', file_count: 0 });
    expect(new URL(page.url()).pathname).toBe(`/storage/${contracts.id}`);

    await d.nav('Storage').click();
    await page.getByRole('button', { name: 'New bucket' }).click();
    await page.getByLabel('Bucket name').fill('media');
    await page.getByText('Public', { exact: true }).click();
    await page.getByRole('button', { name: 'Create bucket' }).click();
    await page.getByRole('heading', { name: /media/ }).waitFor();
    expect(await mustFind('media')).toMatchObject({ is_public: true, description: null });
  });

  it("edits a bucket's description and visibility", async () => {
    const { page } = d;
    await d.nav('Storage').click();
    const row = page.locator('tr[data-bucket="contracts"]');
    await row.getByText('private').waitFor();
    await page.getByRole('button', { name: 'Edit contracts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit bucket contracts' });
    await dialog.getByLabel('Description').fill('Signed paperwork, 2026');
    await dialog.getByText('Public', { exact: true }).click();
    await d.shot('storage-03-edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row.getByText('public').waitFor();
    await row.getByText('Signed paperwork, 2026').waitFor();
    expect(await mustFind('contracts')).toMatchObject({
      is_public: true,
      description: 'Signed paperwork, 2026',
    });

    await page.getByRole('button', { name: 'Edit contracts' }).click();
    await dialog.getByText('Private', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row.getByText('private').waitFor();
    expect((await mustFind('contracts')).is_public).toBe(false);
  });

  it('uploads two dropped files, each with its own progress bar', async () => {
    const { page } = d;
    await page.getByRole('link', { name: 'media' }).click();
    await page.getByText('This bucket is empty').waitFor();
    await dropFiles([
      { name: 'photo.png', type: 'image/png', bytes: photo },
      { name: 'notes.txt', type: 'text/plain', bytes: notes },
    ]);
    await poll(() => progress('photo.png').getAttribute('aria-valuenow')).toBe('100');
    await poll(() => progress('notes.txt').getAttribute('aria-valuenow')).toBe('100');
    // 100% is every byte sent; the file is uploaded once the API has answered for it.
    await poll(() => page.getByTestId('upload-item').filter({ hasText: 'Uploaded' }).count()).toBe(2);
    await fileButton('photo.png').waitFor();
    await fileButton('notes.txt').waitFor();
    await page.getByTestId('bucket-stats').getByText('2 files').waitFor();
    await d.shot('storage-04-uploaded');

    const media = await mustFind('media');
    const stored = await filesOf(media);
    expect(stored.map((f) => [f.filename, f.size, f.content_type, f.status]).sort()).toEqual([
      ['notes.txt', notes.length, 'text/plain', 'ready'],
      ['photo.png', photo.length, 'image/png', 'ready'],
    ]);
  });

  it('lists the file count and total size of each bucket', async () => {
    const { page } = d;
    await d.nav('Storage').click();
    const row = page.locator('tr[data-bucket="media"]');
    const total = photo.length + notes.length;
    expect((await mustFind('media')).total_size).toBe(total);
    await row.getByTestId('bucket-file-count').getByText('2', { exact: true }).waitFor();
    expect(await row.getByTestId('bucket-size').textContent()).toBe(`${Math.round(total / 1024)} KB`);
    expect(
      await page.locator('tr[data-bucket="contracts"]').getByTestId('bucket-file-count').textContent(),
    ).toBe('0');
    await d.shot('storage-05-buckets');
  });

  it('previews an image and downloads exactly its bytes', async () => {
    const { page } = d;
    await page.getByRole('link', { name: 'media' }).click();
    await fileButton('photo.png').click();
    const dialog = page.getByRole('dialog', { name: 'photo.png' });
    const image = dialog.getByRole('img', { name: 'photo.png' });
    await image.waitFor();
    await poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    await d.shot('storage-06-preview-image');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('photo.png');
    const saved = path.join(scratch, 'downloaded.png');
    await download.saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(photo));
  });

  it('copies a public link that works without credentials', async () => {
    const { page } = d;
    const dialog = page.getByRole('dialog', { name: 'photo.png' });
    await dialog.getByRole('button', { name: 'Copy public link' }).click();
    await page.getByText('Public link copied').waitFor();
    const link = await readClipboard();
    expect(link).not.toContain('token=');
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(photo));
  });

  it('deletes a file after asking', async () => {
    const { page } = d;
    const [before] = (await filesOf(await mustFind('media'))).filter((f) => f.filename === 'photo.png');
    await page.getByRole('dialog', { name: 'photo.png' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete photo.png?' }).waitFor();
    await d.shot('storage-07-delete-file');
    await page.getByRole('button', { name: 'Delete file' }).click();
    await page.getByText('photo.png deleted').waitFor();
    await fileButton('photo.png').waitFor({ state: 'detached' });
    await page.getByTestId('bucket-stats').getByText('1 file').waitFor();
    expect((await filesOf(await mustFind('media'))).map((f) => f.filename)).toEqual(['notes.txt']);
    await expect(d.api('GET', `/files/${before?.id}`)).rejects.toThrow('404');
  });

  it("refuses a file over the bucket's size limit with the API's error", async () => {
    const { page } = d;
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit bucket media' });
    await dialog.getByLabel('File size limit (MB)').fill('0.1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await mustFind('media')).toMatchObject({
      file_size_limit: 104858,
    });
    await page.getByText('up to 102 KB each').waitFor();

    await dropFiles([
      { name: 'too-big.bin', type: 'application/octet-stream', bytes: randomBytes(200 * 1024) },
    ]);
    const failed = page.getByTestId('upload-item').filter({ hasText: 'too-big.bin' });
    await failed.getByRole('alert').getByText('FILE_TOO_LARGE').waitFor();
    await d.shot('storage-07b-too-large');
    expect((await filesOf(await mustFind('media'))).map((f) => f.filename)).toEqual(['notes.txt']);

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await dialog.getByLabel('File size limit (MB)').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await mustFind('media')).toMatchObject({
      file_size_limit: null,
    });
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await page.getByTestId('upload-item').first().waitFor({ state: 'detached' });
  });

  it('gives a private file a signed link that works without credentials', async () => {
    const { page } = d;
    await d.nav('Storage').click();
    await page.getByRole('link', { name: 'contracts' }).click();
    await page.getByText('This bucket is empty').waitFor();
    await page
      .getByLabel('Files to upload')
      .setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: contract });
    await poll(() => progress('contract.pdf').getAttribute('aria-valuenow')).toBe('100');
    await fileButton('contract.pdf').click();
    const dialog = page.getByRole('dialog', { name: 'contract.pdf' });
    await dialog.getByTitle('Preview of contract.pdf').waitFor();
    // Chromium draws a PDF with its viewer, a frame of its own: it appears once the file has loaded.
    await poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    await d.shot('storage-08-preview-pdf');

    await dialog.getByLabel('Signed link valid for').selectOption({ label: 'Valid for 1 day' });
    await dialog.getByRole('button', { name: 'Copy signed link' }).click();
    await page.getByText(/Signed link copied; it works until/).waitFor();
    const link = await readClipboard();
    expect(link).toMatch(
      new RegExp(`^${d.stack.url}/api/v1/files/[0-9a-f-]{36}/content\\?(.+&)?token=[^&]{20,}`),
    );
    const signed = await fetch(link);
    expect(signed.status).toBe(200);
    expect(sha256(new Uint8Array(await signed.arrayBuffer()))).toBe(sha256(contract));
    const bare = new URL(link);
    bare.search = '';
    expect((await fetch(bare)).status).toBe(401);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('cancels an upload in flight and leaves no file behind', async () => {
    const { page } = d;
    const big = path.join(scratch, 'big.bin');
    await writeFile(big, randomBytes(64 * 1024 * 1024));
    // A slow uplink keeps the upload in flight for as long as the test needs to see it and cancel it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    try {
      await page.getByLabel('Files to upload').setInputFiles(big);
      await poll(async () => Number(await progress('big.bin').getAttribute('aria-valuenow'))).toBeGreaterThan(
        0,
      );
      await d.shot('storage-09-uploading');
      await page.getByRole('button', { name: 'Cancel upload of big.bin' }).click();
      await page.getByTestId('upload-item').filter({ hasText: 'big.bin' }).getByText('Cancelled').waitFor();
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    await d.shot('storage-10-cancelled');
    const contracts = await mustFind('contracts');
    expect((await filesOf(contracts)).map((f) => f.filename)).toEqual(['contract.pdf']);
    const own = await d.api<StoredFile[]>('GET', `/files?bucket_id=${contracts.id}`);
    expect(own.filter((f) => f.filename === 'big.bin')).toEqual([]);
  });

  it('shows a file uploaded through the API without a reload', async () => {
    const { page } = d;
    await page.getByText('Live', { exact: true }).waitFor();
    await uploadThroughApi(
      await mustFind('contracts'),
      'from-api.txt',
      'text/plain',
      Buffer.from('uploaded elsewhere'),
    );
    await fileButton('from-api.txt').waitFor();
    await page.getByTestId('bucket-stats').getByText('2 files').waitFor();
    await d.shot('storage-11-live-file');
  });

  it('force-deletes a bucket with files only after asking twice', async () => {
    const { page } = d;
    const contracts = await mustFind('contracts');
    expect(contracts.file_count).toBe(2);

    await page.getByRole('button', { name: 'Delete bucket' }).click();
    await page.getByRole('dialog', { name: 'Delete bucket contracts?' }).getByText('holds 2 files').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    const second = page.getByRole('dialog', { name: 'Destroy 2 files?' });
    await second.getByText('also destroys all 2 files').waitFor();
    await second.getByRole('button', { name: 'Cancel' }).click();
    await second.waitFor({ state: 'detached' });
    expect((await mustFind('contracts')).file_count).toBe(2);

    await page.getByRole('button', { name: 'Delete bucket' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    const confirmButton = second.getByRole('button', { name: 'Delete bucket and 2 files' });
    expect(await confirmButton.isDisabled()).toBe(true);
    await second.getByLabel('Type contracts to confirm').fill('contracts');
    await d.shot('storage-12-force-delete');
    await confirmButton.click();
    await page.getByText('Bucket contracts deleted').waitFor();
    expect(new URL(page.url()).pathname).toBe('/storage');
    await page.locator('tr[data-bucket="contracts"]').waitFor({ state: 'detached' });
    expect(await bucketNamed('contracts')).toBeUndefined();
    await expect(d.api('GET', `/buckets/${contracts.id}`)).rejects.toThrow('404');
    await d.shot('storage-13-after-delete');
  });

  it('keeps the bucket list up to date with uploads made elsewhere', async () => {
    const { page } = d;
    const row = page.locator('tr[data-bucket="media"]');
    await row.getByTestId('bucket-file-count').getByText('1', { exact: true }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await uploadThroughApi(
      await mustFind('media'),
      'from-elsewhere.txt',
      'text/plain',
      Buffer.alloc(4096, 97),
    );
    await row.getByTestId('bucket-file-count').getByText('2', { exact: true }).waitFor();
    expect(await row.getByTestId('bucket-size').textContent()).toBe(
      `${Math.round((notes.length + 4096) / 1024)} KB`,
    );
  });

  it('previews text and gives other types a file card, in the dark theme too', async () => {
    const { page } = d;
    await page.getByRole('link', { name: 'media' }).click();
    await fileButton('notes.txt').click();
    const notesDialog = page.getByRole('dialog', { name: 'notes.txt' });
    const frame = notesDialog.getByTitle('Preview of notes.txt').contentFrame();
    await frame.getByText('A line of notes for the storage test.', { exact: false }).first().waitFor();
    await d.shot('storage-14-preview-text');
    await notesDialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.getByText('Live', { exact: true }).waitFor();
    await uploadThroughApi(await mustFind('media'), 'backup.zip', 'application/zip', randomBytes(2048));
    await fileButton('backup.zip').click();
    await page
      .getByRole('dialog', { name: 'backup.zip' })
      .getByText('The browser cannot show this type here')
      .waitFor();
    await d.shot('storage-15-dark-file-card');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  it('plays audio in the preview', async () => {
    const { page } = d;
    await uploadThroughApi(await mustFind('media'), 'chime.wav', 'audio/wav', toneWav(1.5));
    await fileButton('chime.wav').click();
    const audio = page.getByRole('dialog', { name: 'chime.wav' }).locator('audio');
    await audio.waitFor();
    // Metadata loaded means Chromium fetched and decoded the file through its view URL.
    await poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState)).toBeGreaterThanOrEqual(1);
    expect(await audio.evaluate((el: HTMLAudioElement) => el.duration)).toBeCloseTo(1.5, 2);
    await d.shot('storage-16-preview-audio');
    await page.getByRole('button', { name: 'Close' }).click();
  });
});
