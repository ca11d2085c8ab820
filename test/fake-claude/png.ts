// Tiny valid PNG images, so clients that check magic bytes or decode previews get real ones.

import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

// An 8-bit RGB PNG of `width`×`height` whose colours come from `key`: same key, same bytes.
export function pngImage(key: string, width: number, height: number): Buffer {
  const seed = createHash("sha256").update(key).digest();
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    rows[row] = 0;
    for (let x = 0; x < width; x++) {
      const at = row + 1 + x * 3;
      const noise = seed[(x * 7 + y * 13) % seed.length] ?? 0;
      rows[at] = ((seed[0] ?? 0) + x * 4) & 0xff;
      rows[at + 1] = ((seed[1] ?? 0) + y * 4) & 0xff;
      rows[at + 2] = ((seed[2] ?? 0) ^ noise) & 0xff;
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
