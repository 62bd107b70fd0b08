import { describe, expect, it } from 'vitest';
import { extractDocx } from '../../../ingest/extractors/docx';
import { makeDocx, makeZipBomb } from '../../helpers/documents';

const limits = { maxExpandedBytes: 64 * 1024 * 1024 };

describe('extractDocx', () => {
  it('turns Word headings into sections', async () => {
    const docx = await makeDocx('Code of Conduct', [
      { heading: 'Gifts', paragraphs: ['Gifts over 50 EUR must be declared.'] },
      { heading: 'Speaking up', paragraphs: ['Write to ethics@northwind.example.'] },
    ]);
    const document = await extractDocx(docx, limits);
    expect(document.title).toBe('Code of Conduct');
    expect(document.blocks.map((block) => block.headingPath)).toEqual([
      ['Code of Conduct', 'Gifts'],
      ['Code of Conduct', 'Speaking up'],
    ]);
    expect(document.blocks[0]!.text).toContain('Gifts over 50 EUR must be declared.');
  });

  it('tells a password-protected or broken Word file apart', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(extractDocx(ole, limits)).rejects.toMatchObject({ reason: 'encrypted' });
    await expect(extractDocx(Buffer.from('not a zip at all'), limits)).rejects.toMatchObject({ reason: 'corrupt' });
    const docx = await makeDocx('T', [{ heading: 'H', paragraphs: ['p'] }]);
    await expect(extractDocx(docx.subarray(0, 100), limits)).rejects.toMatchObject({ reason: 'corrupt' });
  });

  it('refuses a zip bomb before unpacking it, whether its headers tell the truth or lie', async () => {
    const honest = await makeZipBomb(80 * 1024 * 1024);
    expect(honest.length).toBeLessThan(200_000);
    await expect(extractDocx(honest, limits)).rejects.toMatchObject({ reason: 'oversize', message: expect.stringContaining('DOCENT_MAX_EXPANDED_MB') });
    // Claims 1 kB, inflates to 80 MB: stopped as damaged once the part outgrows its declared size.
    const lying = await makeZipBomb(80 * 1024 * 1024, 1024);
    await expect(extractDocx(lying, limits)).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringContaining('damaged') });
    // A real document well under the limit still passes the same check.
    const docx = await makeDocx('T', [{ heading: 'H', paragraphs: ['p'] }]);
    await expect(extractDocx(docx, { maxExpandedBytes: 1024 * 1024 })).resolves.toMatchObject({ title: 'T' });
  });
});
