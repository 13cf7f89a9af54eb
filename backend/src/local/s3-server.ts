/// <reference path="./s3rver.d.ts" />
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import S3rver from '@20minutes/s3rver';
import { DUMMY_ACCOUNT } from '@20minutes/s3rver/lib/models/account.js';

export type S3ServerOptions = {
  directory: string;
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
};

export type RunningS3Server = { port: number; stop(): Promise<void> };

/** `GET /<bucket>?uploads` (ListMultipartUploads), which s3rver does not implement. */
const LIST_UPLOADS = /^\/([^/?]+)\/?\?(?:[^#]*&)?uploads(?:[=&]|$)/;

/**
 * The S3-protocol server of native mode: s3rver (which verifies SigV4 signatures) storing objects
 * under `directory`, with SelfDB's key pair instead of its built-in one.
 *
 * The minio client lists a bucket's multipart uploads before every multipart upload, to resume
 * one; s3rver answers NotImplemented, which would fail every streamed upload. Nothing is ever left
 * to resume here, so that call is answered with an empty list.
 */
export async function startS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  await mkdir(options.directory, { recursive: true });
  DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
  DUMMY_ACCOUNT.createKeyPair(options.accessKey, options.secretKey);
  const s3 = new S3rver({ directory: options.directory, silent: true, vhostBuckets: false });
  const handle = s3.callback();

  const server: Server = createServer((req, res) => {
    const match = req.method === 'GET' ? LIST_UPLOADS.exec(req.url ?? '') : null;
    if (!match) return handle(req, res);
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        `<Bucket>${match[1]}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
        '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>',
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
