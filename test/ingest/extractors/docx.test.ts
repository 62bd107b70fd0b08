import { describe, expect, it } from 'vitest';
import { extractDocx } from '../../../ingest/extractors/docx';
import { makeDocx } from '../../helpers/documents';

describe('extractDocx', () => {
  it('turns Word headings into sections', async () => {
    const docx = await makeDocx('Code of Conduct', [
      { heading: 'Gifts', paragraphs: ['Gifts over 50 EUR must be declared.'] },
      { heading: 'Speaking up', paragraphs: ['Write to ethics@northwind.example.'] },
    ]);
    const document = await extractDocx(docx);
    expect(document.title).toBe('Code of Conduct');
    expect(document.blocks.map((block) => block.headingPath)).toEqual([
      ['Code of Conduct', 'Gifts'],
      ['Code of Conduct', 'Speaking up'],
    ]);
    expect(document.blocks[0]!.text).toContain('Gifts over 50 EUR must be declared.');
  });

  it('tells a password-protected or broken Word file apart', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(extractDocx(ole)).rejects.toMatchObject({ reason: 'encrypted' });
    await expect(extractDocx(Buffer.from('not a zip at all'))).rejects.toMatchObject({ reason: 'corrupt' });
    const docx = await makeDocx('T', [{ heading: 'H', paragraphs: ['p'] }]);
    await expect(extractDocx(docx.subarray(0, 100))).rejects.toMatchObject({ reason: 'corrupt' });
  });
});
