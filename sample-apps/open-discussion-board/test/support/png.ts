import { PNG } from 'pngjs';

/** A real PNG picture (a sunset: sky gradient, sun, sea), drawn pixel by pixel. */
export function sunsetPng(width = 640, height = 400): Buffer {
  const png = new PNG({ width, height, colorType: 2 });
  const horizon = Math.round(height * 0.62);
  const sun = { x: width * 0.5, y: horizon - height * 0.04, r: height * 0.16 };
  for (let y = 0; y < height; y++) {
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
      const i = (y * width + x) * 4;
      png.data[i] = Math.min(255, Math.round(r));
      png.data[i + 1] = Math.min(255, Math.round(g));
      png.data[i + 2] = Math.min(255, Math.round(b));
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}
