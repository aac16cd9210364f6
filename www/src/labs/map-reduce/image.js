// Lab `map-reduce`: the image — one the page generates (nothing is
// downloaded) or the learner's own file, decoded in the page (it never leaves
// it). A bad or too large file is refused with a message that states the limit.
import { MAX_SIDE } from './meta.js';

/** Largest file the page will try to decode, in bytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** @typedef {{width: number, height: number, pixels: Uint8Array, name: string}} Picture RGBA, rows one after another */

/**
 * A deterministic picture with edges, gradients, circles and fine noise —
 * something every filter visibly changes.
 * @param {number} width
 * @param {number} height
 * @returns {Picture}
 */
export function generate(width, height) {
  const pixels = new Uint8Array(width * height * 4);
  let s = 0x2545f491;
  const discs = [
    [0.3, 0.4, 0.22],
    [0.7, 0.55, 0.18],
    [0.52, 0.2, 0.1],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const u = x / width;
      const v = y / height;
      let inside = 0;
      for (const [cx, cy, r] of discs) if ((u - cx) ** 2 + (((v - cy) * height) / width) ** 2 < r * r) inside++;
      const stripe = (Math.floor(x / 24) + Math.floor(y / 24)) % 2;
      const i = (y * width + x) * 4;
      const noise = (s >>> 24) & 63;
      pixels[i] = inside ? 230 - noise : 40 + 150 * u + stripe * 20;
      pixels[i + 1] = inside === 1 ? 180 : 60 + 120 * v + noise;
      pixels[i + 2] = inside > 1 ? 240 : 120 + stripe * 60 - noise;
      pixels[i + 3] = 255;
    }
  }
  return { width, height, pixels, name: `generated ${width} × ${height}` };
}

/**
 * The learner's file as RGBA pixels, or an Error whose message says what is wrong.
 * @param {File} file
 * @returns {Promise<Picture>}
 */
export async function decodeFile(file) {
  if (!file.type.startsWith('image/')) {
    throw new Error(`“${file.name}” is not an image (its type is ${file.type || 'unknown'}): choose a PNG, JPEG, GIF or WebP file.`);
  }
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(`“${file.name}” is ${(file.size / 1048576).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB and ${MAX_SIDE} × ${MAX_SIDE} pixels.`);
  }
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`“${file.name}” could not be decoded as an image: it may be damaged or in a format this browser does not read.`);
  }
  const { width, height } = bitmap;
  if (width > MAX_SIDE || height > MAX_SIDE) {
    bitmap.close();
    throw new Error(`“${file.name}” is ${width} × ${height} pixels; the limit is ${MAX_SIDE} × ${MAX_SIDE}. Scale it down first.`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const g = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
  g.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = new Uint8Array(g.getImageData(0, 0, width, height).data.buffer);
  return { width, height, pixels, name: `${file.name}, ${width} × ${height}` };
}
