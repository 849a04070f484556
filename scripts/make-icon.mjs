// Generates build/icon.png (512×512 RGBA): a rounded green tile with three stacked server
// units, each with a status light. Pure Node (zlib), so it needs no image tooling:
//   node scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges

/** Signed distance from (x, y) to a rounded rectangle; negative inside. */
function roundedRect(x, y, left, top, width, height, radius) {
  const qx = Math.abs(x - (left + width / 2)) - (width / 2 - radius);
  const qy = Math.abs(y - (top + height / 2)) - (height / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

const tile = { left: 24, top: 24, width: 464, height: 464, radius: 104 };
const units = [0, 1, 2].map((i) => ({ left: 112, top: 124 + i * 96, width: 288, height: 72, radius: 18 }));

/** Colour of one sample point, front to back; null is transparent. */
function sample(x, y) {
  for (const [i, u] of units.entries()) {
    const light = circle(x, y, u.left + 40, u.top + u.height / 2, 12);
    if (light <= 0) return i === 0 ? [255, 196, 61] : [92, 230, 160];
    const slot = roundedRect(x, y, u.left + 176, u.top + u.height / 2 - 6, 84, 12, 6);
    if (slot <= 0) return [191, 214, 205];
    if (roundedRect(x, y, u.left, u.top, u.width, u.height, u.radius) <= 0) return [250, 252, 251];
  }
  if (roundedRect(x, y, tile.left, tile.top, tile.width, tile.height, tile.radius) <= 0) {
    // A gentle vertical gradient, lighter at the top.
    const t = (y - tile.top) / tile.height;
    return [Math.round(34 - 14 * t), Math.round(128 - 40 * t), Math.round(104 - 30 * t)];
  }
  return null;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py += 1) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px += 1) {
    let r = 0;
    let g = 0;
    let b = 0;
    let covered = 0;
    for (let sy = 0; sy < SAMPLES; sy += 1) {
      for (let sx = 0; sx < SAMPLES; sx += 1) {
        const colour = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!colour) continue;
        r += colour[0];
        g += colour[1];
        b += colour[2];
        covered += 1;
      }
    }
    const o = row + 1 + px * 4;
    if (covered > 0) {
      raw[o] = Math.round(r / covered);
      raw[o + 1] = Math.round(g / covered);
      raw[o + 2] = Math.round(b / covered);
      raw[o + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const out = fileURLToPath(new URL('../build/icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
