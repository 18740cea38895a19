import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { AppError } from '../../errors/index.js';

/** Limits on what an Office file may unpack to: a small zip that inflates to gigabytes is refused, not read. */
export const PACKAGE_LIMITS = { entries: 5_000, uncompressedBytes: 200 * 1024 * 1024 };

/**
 * An Office Open XML package (.xlsx, .pptx) opened for editing: parts are read
 * and parsed on demand, edited as DOM documents and written back in place;
 * every part nobody touched is written back byte for byte.
 */
export class OoxmlPackage {
  private readonly documents = new Map<string, Document>();

  private constructor(private readonly zip: JSZip) {}

  /** Opens `data`; a file that is not a zip, is encrypted or would inflate past the limits gets a coded 4xx error. */
  static async open(data: Buffer | Uint8Array, what = 'file'): Promise<OoxmlPackage> {
    if (isEncryptedOffice(data)) {
      throw new AppError('IMP_ENCRYPTED', `The ${what} is password-protected; save it without a password and try again.`);
    }
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(data, { checkCRC32: false });
    } catch {
      throw new AppError('IMP_UNREADABLE', `The ${what} is not an Office Open XML file (.xlsx or .pptx).`);
    }
    await assertInflatesWithinLimits(zip, what);
    if (!zip.file('[Content_Types].xml')) throw new AppError('IMP_UNREADABLE', `The ${what} is not an Office Open XML file (.xlsx or .pptx).`);
    return new OoxmlPackage(zip);
  }

  has(path: string): boolean {
    return this.zip.file(path) !== null;
  }

  /** Part paths matching `pattern`. */
  paths(pattern: RegExp): string[] {
    return Object.keys(this.zip.files).filter((p) => pattern.test(p));
  }

  async text(path: string): Promise<string> {
    const file = this.zip.file(path);
    if (!file) throw new AppError('EXP_TEMPLATE_INVALID', `The package has no part ${path}.`);
    return file.async('string');
  }

  async bytes(path: string): Promise<Uint8Array> {
    const file = this.zip.file(path);
    if (!file) throw new AppError('EXP_TEMPLATE_INVALID', `The package has no part ${path}.`);
    return file.async('uint8array');
  }

  /** The part parsed as XML (cached, so edits accumulate until `save`). */
  async xml(path: string): Promise<Document> {
    let doc = this.documents.get(path);
    if (!doc) {
      doc = parseXml(await this.text(path), path);
      this.documents.set(path, doc);
    }
    return doc;
  }

  /** Replaces a part's bytes (e.g. an embedded workbook). */
  setBytes(path: string, data: Uint8Array): void {
    this.zip.file(path, data);
  }

  remove(path: string): void {
    this.zip.remove(path);
    this.documents.delete(path);
  }

  /** The package with every edited part serialised. */
  async save(): Promise<Buffer> {
    const serializer = new XMLSerializer();
    for (const [path, doc] of this.documents) this.zip.file(path, serializer.serializeToString(doc));
    return this.zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }

  /** The target of each relationship of `part` (relative targets resolved to package paths), by id. */
  async relationships(part: string): Promise<Map<string, { type: string; target: string }>> {
    const relsPath = relsPathOf(part);
    const out = new Map<string, { type: string; target: string }>();
    if (!this.has(relsPath)) return out;
    const doc = await this.xml(relsPath);
    for (const rel of elements(doc.documentElement!, 'Relationship')) {
      const target = rel.getAttribute('Target') ?? '';
      const mode = rel.getAttribute('TargetMode');
      out.set(rel.getAttribute('Id') ?? '', { type: rel.getAttribute('Type') ?? '', target: mode === 'External' ? target : resolvePath(part, target) });
    }
    return out;
  }
}

interface InflateStream {
  on(event: 'data', handler: (chunk: Uint8Array) => void): InflateStream;
  on(event: 'error', handler: (error: unknown) => void): InflateStream;
  on(event: 'end', handler: () => void): InflateStream;
  pause(): InflateStream;
  resume(): InflateStream;
}

function tooLarge(what: string): AppError {
  return new AppError(
    'IMP_TOO_LARGE',
    `The ${what} unpacks to more than ${PACKAGE_LIMITS.uncompressedBytes / 2 ** 20} MiB or ${PACKAGE_LIMITS.entries} parts; it is refused.`,
  );
}

/**
 * Inflates every entry once as a stream, counting bytes, and stops at the
 * limit: sizes a zip declares can lie, the inflated bytes cannot. Nothing is
 * kept, so a zip bomb costs at most the limit in CPU, not in memory.
 */
export async function assertInflatesWithinLimits(zip: JSZip, what: string): Promise<void> {
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (entries.length > PACKAGE_LIMITS.entries) throw tooLarge(what);
  let budget = PACKAGE_LIMITS.uncompressedBytes;
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      // internalStream is JSZip's documented streaming reader; its typings omit it.
      const stream = (entry as unknown as { internalStream(type: 'uint8array'): InflateStream }).internalStream('uint8array');
      stream
        .on('data', (chunk: Uint8Array) => {
          budget -= chunk.length;
          if (budget < 0) {
            stream.pause();
            reject(tooLarge(what));
          }
        })
        .on('error', () => reject(new AppError('IMP_UNREADABLE', `The ${what} is a damaged zip file; it could not be read.`)))
        .on('end', () => resolve())
        .resume();
    });
  }
}

/** Password-protected Office files are OLE compound documents (not zips) holding an EncryptedPackage stream. */
function isEncryptedOffice(data: Uint8Array): boolean {
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return ole.every((byte, i) => data[i] === byte);
}

export function parseXml(text: string, where: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length || !doc.documentElement) throw new AppError('EXP_TEMPLATE_INVALID', `${where} is not well-formed XML: ${errors[0] ?? 'empty'}`);
  return doc;
}

/** Descendant elements with this local name (prefixes vary between producers). */
export function elements(root: Element | Document, localName: string): Element[] {
  const out: Element[] = [];
  const all = root.getElementsByTagName('*');
  for (let i = 0; i < all.length; i += 1) {
    const el = all.item(i)!;
    if (el.localName === localName) out.push(el);
  }
  return out;
}

/** Direct child elements with this local name. */
export function children(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === localName) out.push(node as Element);
  }
  return out;
}

export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target relative to the part that holds it. */
export function resolvePath(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}
