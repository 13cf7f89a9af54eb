import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG picture (a sunset: sky gradient, sun, sea) made without any image library. */
export function sunsetPng(width = 640, height = 400): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const horizon = Math.round(height * 0.62);
  const sun = { x: width * 0.5, y: horizon - height * 0.04, r: height * 0.16 };
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let r: number;
      let g: number;
      let b: number;
      if (y < horizon) {
        const t = y / horizon;
        r = 255 * (0.35 + 0.65 * t);
        g = 120 + 60 * t;
        b = 200 - 120 * t;
        const d = Math.hypot(x - sun.x, y - sun.y);
        if (d < sun.r) [r, g, b] = [255, 220, 120];
        else if (d < sun.r * 1.6) {
          const glow = 1 - (d - sun.r) / (sun.r * 0.6);
          r += (255 - r) * glow * 0.5;
          g += (200 - g) * glow * 0.5;
        }
      } else {
        const t = (y - horizon) / (height - horizon);
        const wave = Math.sin(x / 9 + y / 3) > 0.85 ? 40 : 0;
        r = 40 + 60 * (1 - t) + wave;
        g = 60 + 40 * (1 - t) + wave;
        b = 120 + 50 * (1 - t) + wave;
      }
      const i = row + 1 + x * 3;
      raw[i] = Math.min(255, Math.round(r));
      raw[i + 1] = Math.min(255, Math.round(g));
      raw[i + 2] = Math.min(255, Math.round(b));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
