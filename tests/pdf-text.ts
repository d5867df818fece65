/**
 * Reads the pages and the text of a PDF as Chromium (Skia) writes it, by the PDF specification: objects,
 * Flate-compressed streams, Type0 fonts with ToUnicode CMaps, and the Tj/TJ operators of content streams.
 * Enough for tests to check what a printed report says, without a PDF library.
 */
import * as zlib from 'zlib';

/** One `N 0 obj ... endobj`: its dictionary text and its stream, inflated. */
interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.search(/stream\r?\n/);
    if (s < 0) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dataStart = start + s + body.slice(s).indexOf('\n') + 1;
    const dataEnd = text.lastIndexOf('endstream', end);
    let stream = pdf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(body.slice(0, s))) stream = zlib.inflateSync(stream, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    objects.set(Number(m[1]), { dict: body.slice(0, s), stream });
  }
  return objects;
}

/** A ToUnicode CMap: glyph code (hex) to text, from its bfchar and bfrange sections. */
function readCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(src.toUpperCase(), utf16(dst));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      for (let c = parseInt(lo, 16), k = 0; c <= parseInt(hi, 16); c++, k++) {
        const first = parseInt(dst, 16) + k;
        map.set(c.toString(16).toUpperCase().padStart(lo.length, '0'), utf16(first.toString(16).padStart(dst.length, '0')));
      }
    }
  }
  return map;
}

/** The number of pages and the text shown on them (text objects separated by spaces, ligatures such as ﬁ split: NFKC). */
export function pdfText(pdf: Buffer): { pages: number; text: string } {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`not a PDF: it starts with ${JSON.stringify(pdf.subarray(0, 5).toString('latin1'))}`);
  const objects = readObjects(pdf);
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict)).length;
  // Font resource names to their ToUnicode maps (Skia names each font once, e.g. /F8 for object 8).
  const cmaps = new Map<string, Map<string, string>>();
  for (const o of objects.values()) {
    for (const [, name, id] of o.dict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const unicode = objects.get(Number(id))?.dict.match(/\/ToUnicode\s+(\d+) 0 R/);
      const cmap = unicode && objects.get(Number(unicode[1]))?.stream;
      if (cmap) cmaps.set(name, readCMap(cmap.toString('latin1')));
    }
  }
  const parts: string[] = [];
  for (const o of objects.values()) {
    const content = o.stream?.toString('latin1');
    if (!content || !/\bTf\b/.test(content)) continue;
    let font: Map<string, string> | undefined;
    for (const block of content.matchAll(/BT\b([\s\S]*?)\bET\b/g)) {
      let shown = '';
      for (const [, name, hex] of block[1].matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>/g)) {
        if (name !== undefined) font = cmaps.get(name);
        else if (font) for (const code of hex.replace(/\s/g, '').toUpperCase().match(/.{4}/g) ?? []) shown += font.get(code) ?? '';
      }
      parts.push(shown);
    }
  }
  return { pages, text: parts.join(' ').normalize('NFKC') };
}
