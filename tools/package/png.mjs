// Parley's mark as PNG files of any size, drawn here rather than committed as binary blobs: a
// rounded square with a speech bubble; and any RGBA pixels as a PNG (the native Studio's frame).
// Encoded by hand (RGBA, one IDAT through zlib), since Node has deflate but no image library.
import { deflateSync } from 'node:zlib';
import { crc32 } from './zip.mjs';

const BLUE = [31, 94, 196];
const WHITE = [255, 255, 255];

// Coverage of the mark at (x, y) in a unit square: 0 background, 1 tile, 2 bubble.
function shape(x, y) {
  const r = 0.2;  // corner radius of the tile
  const cx = Math.min(Math.max(x, r), 1 - r), cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  // The bubble: an ellipse and its tail at the lower left.
  const ex = (x - 0.52) / 0.3, ey = (y - 0.45) / 0.23;
  if (ex * ex + ey * ey <= 1) return 2;
  const inTail = y >= 0.58 && y <= 0.8 && x >= 0.28 && x <= 0.44 && (x - 0.28) >= (y - 0.58) * 0.2 && (0.44 - x) >= (y - 0.58) * 0.7;
  return inTail ? 2 : 1;
}

/** The mark as an RGBA PNG of size × size pixels (4 × 4 samples per pixel for smooth edges). */
export function logoPng(size) {
  const n = 4;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;  // filter: none
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < n; sy++) for (let sx = 0; sx < n; sx++) acc[shape((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)]++;
      const tile = acc[1] + acc[2];
      const o = py * (size * 4 + 1) + 1 + px * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = tile ? Math.round((BLUE[c] * acc[1] + WHITE[c] * acc[2]) / tile) : 0;
      raw[o + 3] = Math.round((255 * tile) / (n * n));
    }
  }
  return encode(size, size, raw);
}

/** An RGBA image (`rgba`: width × height × 4 bytes, rows top down) as a PNG. */
export function rgbaPng(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;  // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return encode(width, height, raw);
}

// Filtered scanlines (`raw`) → the PNG file.
function encode(width, height, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);  // 8 bits, RGBA, deflate, adaptive filters, no interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
