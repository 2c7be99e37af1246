// A ZIP archive writer (deflated entries, no extras), for the packages Parley hands to other
// platforms (the Zendesk app). Node has deflate but no zip; Debian's `zip` is not a dependency.
import { deflateRawSync } from 'node:zlib';

const TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** entries: [{name, data: Buffer|string}] -> the archive's bytes. Times are fixed (1 Jan 2026) so builds are reproducible. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const time = 0, date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const { name, data } of entries) {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
    const packed = deflateRawSync(bytes);
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(bytes);
    const fields = (sig, central) => {
      const b = Buffer.alloc(central ? 46 : 30);
      let o = 0;
      const u32 = (v) => { b.writeUInt32LE(v >>> 0, o); o += 4; };
      const u16 = (v) => { b.writeUInt16LE(v, o); o += 2; };
      u32(sig);
      if (central) u16(20);                  // made by: version 2.0
      u16(20); u16(0x0800); u16(8);          // needed 2.0, UTF-8 names, deflate
      u16(time); u16(date);
      u32(crc); u32(packed.length); u32(bytes.length);
      u16(fileName.length); u16(0);          // name, no extra field
      if (central) { u16(0); u16(0); u16(0); u32(0); u32(offset); }  // comment, disk, attrs, local offset
      return b;
    };
    const local = Buffer.concat([fields(0x04034b50, false), fileName, packed]);
    centrals.push(Buffer.concat([fields(0x02014b50, true), fileName]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
