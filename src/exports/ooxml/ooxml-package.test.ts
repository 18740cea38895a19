import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { OoxmlPackage, PACKAGE_LIMITS } from './ooxml-package.js';

const original = { ...PACKAGE_LIMITS };
afterEach(() => Object.assign(PACKAGE_LIMITS, original));

describe('OoxmlPackage.open', () => {
  it('refuses a zip that inflates past the limit while inflating, whatever sizes it declares', async () => {
    PACKAGE_LIMITS.uncompressedBytes = 1024 * 1024;
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/bomb.bin', Buffer.alloc(8 * 1024 * 1024));
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(data.length).toBeLessThan(64 * 1024);
    await expect(OoxmlPackage.open(data, 'file')).rejects.toMatchObject({ code: 'IMP_TOO_LARGE' });
  });

  it('refuses too many parts, encrypted files and non-zips with their own codes', async () => {
    PACKAGE_LIMITS.entries = 10;
    const many = new JSZip();
    for (let i = 0; i < 11; i += 1) many.file(`part${i}.xml`, '<x/>');
    await expect(OoxmlPackage.open(await many.generateAsync({ type: 'nodebuffer' }))).rejects.toMatchObject({ code: 'IMP_TOO_LARGE' });
    await expect(OoxmlPackage.open(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).rejects.toMatchObject({ code: 'IMP_ENCRYPTED' });
    await expect(OoxmlPackage.open(Buffer.from('hello'))).rejects.toMatchObject({ code: 'IMP_UNREADABLE' });
  });
});
