/**
 * Regenerates the binary sample documents in examples/handbook/:
 *
 *   - safety-manual.pdf     (pdfkit, 3 pages, one topic per page)
 *   - code-of-conduct.docx  (docx, Heading 1 / Heading 2 structure)
 *
 * Usage: npx tsx scripts/make-examples.ts
 *
 * The Markdown and HTML samples are written by hand; only these two formats are
 * generated, because binary files cannot be reviewed or edited in a diff.
 * Output is byte-for-byte reproducible, so re-running the script leaves git
 * (and Docent's content hashes) untouched unless the text below changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

const OUTPUT_DIR = fileURLToPath(new URL('../examples/handbook/', import.meta.url));

/** Every timestamp written into the documents, so reruns produce identical bytes. */
const FIXED_DATE = new Date('2026-01-15T00:00:00Z');

const COMPANY = 'Northwind Lanterns';

// ---------------------------------------------------------------------------
// PDF: Workshop Safety Manual
// ---------------------------------------------------------------------------

/** The subset of the pdfkit API this script uses. */
interface PdfDocument {
  font(name: string): PdfDocument;
  fontSize(size: number): PdfDocument;
  text(text: string, options?: { paragraphGap?: number; lineGap?: number }): PdfDocument;
  moveDown(lines?: number): PdfDocument;
  addPage(): PdfDocument;
  bufferedPageRange(): { start: number; count: number };
  on(event: 'data', listener: (chunk: Buffer) => void): PdfDocument;
  on(event: 'end', listener: () => void): PdfDocument;
  on(event: 'error', listener: (error: Error) => void): PdfDocument;
  end(): void;
}

interface PdfDocumentOptions {
  size: string;
  margin: number;
  bufferPages: boolean;
  info: Record<string, string | Date>;
}

// pdfkit ships no type declarations and @types/pdfkit is not a dependency, so a
// static import would fail `tsc`; require() lets us attach the interface above.
const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit') as new (options: PdfDocumentOptions) => PdfDocument;

interface PdfPage {
  heading: string;
  paragraphs: string[];
}

// Each page carries exactly one topic so that per-page text extraction (and
// page-level citations in Docent) point at a single, self-contained section.
const SAFETY_MANUAL_PAGES: PdfPage[] = [
  {
    heading: 'Section 1: General Workshop Rules',
    paragraphs: [
      `This manual applies to everyone who enters the workshop, glass studio or warehouse in Building C at ${COMPANY}, including office staff, visitors and contractors. Nobody may work in Building C before completing the safety induction, which takes place at 14:00 on every new colleague's first day. Your badge only opens the Building C doors once the induction is recorded.`,
      'Safety glasses must be worn at all times on the workshop floor, even when you are only passing through. Spare glasses are kept in the dispenser next to each entrance. Closed safety shoes with toe caps are required in the workshop and warehouse; sandals, trainers and open shoes are not permitted. Long hair must be tied back and loose jewellery removed before operating any machine.',
      'Keep walkways, fire exits and the yellow-marked zones in front of electrical cabinets clear at all times. Store offcuts of metal and glass in the labelled bins, never on the floor or on workbenches. Food and drink are not allowed on the workshop floor; use the break room on the ground floor of Building C instead.',
      'Lone working is not allowed in Building C after 18:00 or at weekends. If you need to work outside normal hours, a second trained person must be present in the building and the shift lead must be informed in advance.',
      'The fire alarm is tested every Wednesday at 11:00; a test lasts less than one minute and does not require evacuation. A continuous alarm at any other time means evacuate immediately using the nearest exit. The assembly point for all buildings is car park P2 by the north gate. Do not return to the building until the fire warden gives the all-clear.',
      'Questions about this manual go to the Health & Safety team at hse@northwind.example.',
    ],
  },
  {
    heading: 'Section 2: Soldering Stations and Glass Kilns',
    paragraphs: [
      'Soldering stations are used to join the brass and copper frames of our lanterns. Only lead-free solder is used at Northwind Lanterns; leaded solder must not be brought into the building. Irons are set to 350 °C for frame work. The fume extraction arm must be switched on and positioned close to the joint before you start soldering, and it stays on until the joint has cooled.',
      'Always return a hot iron to its holder, never lay it on the bench. Switch the station off at the end of each task and at the end of every shift, and never leave a switched-on station unattended. Flux and cleaning solvents are kept in the ventilated cabinet next to the soldering bench and must be returned there after use.',
      'The glass kilns on the first floor of Building C fuse and anneal the coloured glass panels at temperatures of up to 820 °C. Only colleagues who hold a valid kiln certificate may load, program or unload a kiln. The certificate is obtained through a half-day course with the glass studio lead and must be renewed every 2 years.',
      'Anyone working in the kiln area must wear heat-resistant gloves rated to 500 °C, a face shield and long cotton sleeves. Synthetic clothing can melt and is not allowed near the kilns. Never open a kiln door while the display shows a temperature above 100 °C, and record every firing in the kiln log next to the controller.',
      'Carbon dioxide fire extinguishers are mounted next to every soldering station and at both ends of the kiln area. Fire extinguisher checks take place every month: on the first Monday of each month the floor fire warden checks the pressure gauge, the seal and the inspection tag of every extinguisher and signs the checklist. Report a missing or discharged extinguisher to hse@northwind.example the same day.',
    ],
  },
  {
    heading: 'Section 3: Incident Reporting and First Aid',
    paragraphs: [
      'Report any injury, however minor, within 24 hours using the SafeTrack form. SafeTrack is available on the intranet and on the tablet next to the workshop entrance. The report should describe what happened, where and when, who was involved, and any first aid that was given. Near misses, where nobody was hurt but someone could have been, are reported in SafeTrack as well, ideally on the same day.',
      'In an emergency, call 112 first, then call reception on extension 4000 so that they can guide the ambulance to the right building. Do not move an injured person unless they are in immediate danger. First-aid kits hang next to every exit of Building C, and eye-wash stations are located beside the soldering bench and at the kiln area entrance.',
      'Trained first-aiders by floor: Building C ground floor (workshop and warehouse): Tomasz Reiner, extension 4211, and Amira Haddad, extension 4214. Building C first floor (glass studio and kilns): Lena Okafor, extension 4231. Building B ground floor (reception, help desk and canteen): Jonas Petrov, extension 4002. Building A first floor (design studio and offices): Priya Nair, extension 4105.',
      'After every SafeTrack report, the Health & Safety team contacts the person involved within 2 working days and, where needed, agrees measures to prevent a repeat. Findings are shared anonymously at the monthly safety meeting. Reporting an incident never leads to disciplinary action; failing to report one can.',
      'The Health & Safety team can be reached at hse@northwind.example. This manual is reviewed every year in January.',
    ],
  },
];

function renderPdfPage(doc: PdfDocument, page: PdfPage): void {
  doc.font('Helvetica-Bold').fontSize(18).text(page.heading, { paragraphGap: 4 });
  doc.moveDown(0.5);
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of page.paragraphs) {
    doc.text(paragraph, { paragraphGap: 8, lineGap: 2 });
  }
}

async function buildSafetyManualPdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    // Buffered pages let us count them before ending: pdfkit silently adds a
    // page when text overflows, which would break the one-topic-per-page layout.
    bufferPages: true,
    info: {
      Title: 'Workshop Safety Manual',
      Author: `${COMPANY} Health & Safety`,
      Subject: 'Safety rules for the Building C workshop, soldering stations and glass kilns',
      Creator: 'Docent scripts/make-examples.ts',
      // pdfkit derives the trailer /ID from the info dictionary, so fixing the
      // dates is what makes the whole file reproducible.
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  SAFETY_MANUAL_PAGES.forEach((page, index) => {
    if (index > 0) doc.addPage();
    renderPdfPage(doc, page);
  });

  const pageCount = doc.bufferedPageRange().count;
  if (pageCount !== SAFETY_MANUAL_PAGES.length) {
    throw new Error(`safety manual has ${pageCount} pages, expected ${SAFETY_MANUAL_PAGES.length}: shorten the text of the overflowing section`);
  }

  doc.end();
  return finished;
}

// ---------------------------------------------------------------------------
// DOCX: Code of Conduct
// ---------------------------------------------------------------------------

const CODE_OF_CONDUCT = {
  title: 'Code of Conduct',
  creator: `${COMPANY} Ethics Committee`,
  description: `How we treat each other, our customers and our suppliers at ${COMPANY}.`,
};

interface DocxSection {
  heading: string;
  paragraphs: string[];
  bullets?: string[];
}

const CODE_OF_CONDUCT_SECTIONS: DocxSection[] = [
  {
    heading: 'Purpose and scope',
    paragraphs: [
      `This Code of Conduct describes the behaviour we expect from everyone who works for or with ${COMPANY}: employees, apprentices, temporary staff and contractors. It applies in our buildings, at trade fairs, at customer sites, at company events and online. The Code does not replace the law or our other policies; where they differ, the stricter rule applies. The Ethics Committee owns this Code and reviews it every January.`,
    ],
  },
  {
    heading: 'Respect at work',
    paragraphs: [
      'We treat every colleague, customer, supplier and visitor with courtesy and respect. Discrimination on the basis of gender, origin, religion, disability, age, sexual orientation or any other personal characteristic has no place at Northwind Lanterns. Harassment, bullying, intimidation and offensive jokes are not tolerated, whether they happen in person, in chat or by email.',
      'Disagreement is welcome and often leads to better lanterns; personal attacks are not. Managers are expected to set the example and to act promptly when they see or hear about disrespectful behaviour.',
    ],
  },
  {
    heading: 'Conflicts of interest and gifts',
    paragraphs: [
      'A conflict of interest arises when your personal interests could influence, or appear to influence, a decision you take for the company, for example when a relative works for a supplier you are choosing, or when you hold shares in a competitor. Tell your manager about any potential conflict as soon as you become aware of it, so that someone else can take the decision.',
      'Small courtesies are part of good business relationships, but they must never create an obligation.',
    ],
    bullets: [
      'Any gift or invitation with a value over 50 EUR must be declared in the gifts register in Harbor within 5 working days, whether you accept it or not.',
      'Cash, vouchers and gift cards are never accepted, whatever their value.',
      'Gifts from suppliers during an ongoing tender are always declined politely.',
      'When in doubt, ask the Ethics Committee before accepting.',
    ],
  },
  {
    heading: 'Confidentiality',
    paragraphs: [
      'Our customers share unreleased designs, order volumes and prices with us, and we protect them as carefully as our own. Confidential information may only be shared with colleagues who need it for their work, and with outsiders only under a signed non-disclosure agreement. Do not discuss customer projects in public places or on social media, and store documents only in company systems, never on personal devices or private cloud accounts.',
      'Your duty of confidentiality continues after you leave Northwind Lanterns. If you suspect that confidential information has been lost or shared by mistake, report it immediately to security@northwind.example.',
    ],
  },
  {
    heading: 'Speaking up',
    paragraphs: [
      'If you see or suspect a breach of this Code, of the law or of our policies, please speak up. You can talk to your manager, to the People Team, or contact the ethics line at ethics@northwind.example. Messages to the ethics line are read only by the Ethics Committee and may be sent anonymously. Every report is acknowledged within 2 working days and investigated confidentially.',
      'Nobody who raises a concern in good faith will suffer retaliation, even if the concern turns out to be unfounded. Retaliation against someone who has spoken up is itself a serious breach of this Code.',
    ],
  },
  {
    heading: 'Consequences',
    paragraphs: [
      'Breaches of this Code are taken seriously. Depending on their severity, consequences range from a conversation with your manager and a written warning to termination of employment or of a contractor agreement. Where the law has been broken, the company may inform the authorities. Knowingly making a false report is also treated as a breach.',
      'Questions about this Code can be sent to the Ethics Committee at ethics@northwind.example.',
    ],
  },
];

function docxSectionParagraphs(section: DocxSection): Paragraph[] {
  return [
    new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }),
    ...section.paragraphs.map((text) => new Paragraph({ text })),
    ...(section.bullets ?? []).map((text) => new Paragraph({ text, bullet: { level: 0 } })),
  ];
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * docx always stamps docProps/core.xml with the current time and has no option
 * for it, so we replace the whole part (Packer's documented override hook).
 */
function fixedCorePropertiesXml(): { path: string; data: string } {
  const timestamp = FIXED_DATE.toISOString();
  const data =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties' +
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ' xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(CODE_OF_CONDUCT.title)}</dc:title>` +
    `<dc:creator>${escapeXml(CODE_OF_CONDUCT.creator)}</dc:creator>` +
    `<dc:description>${escapeXml(CODE_OF_CONDUCT.description)}</dc:description>` +
    `<cp:lastModifiedBy>${escapeXml(CODE_OF_CONDUCT.creator)}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:modified>` +
    '</cp:coreProperties>';
  return { path: 'docProps/core.xml', data };
}

/**
 * docx's bundled zip writer stamps every entry with Date.now() and exposes no
 * option for it. Packer zips synchronously before its promise is returned, so
 * pinning the clock only for the duration of that call is enough. The zip
 * format stores local wall-clock time, hence a local-time date: it yields the
 * same bytes in every time zone.
 */
function withPinnedZipClock<T>(fn: () => T): T {
  const realNow = Date.now;
  const pinned = new Date(FIXED_DATE.getUTCFullYear(), FIXED_DATE.getUTCMonth(), FIXED_DATE.getUTCDate()).getTime();
  Date.now = () => pinned;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

async function buildCodeOfConductDocx(): Promise<Buffer> {
  const doc = new Document({
    title: CODE_OF_CONDUCT.title,
    creator: CODE_OF_CONDUCT.creator,
    description: CODE_OF_CONDUCT.description,
    sections: [
      {
        children: [
          new Paragraph({ text: `${COMPANY} ${CODE_OF_CONDUCT.title}`, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Version 3, approved by the Ethics Committee in January 2026.' }),
          ...CODE_OF_CONDUCT_SECTIONS.flatMap(docxSectionParagraphs),
        ],
      },
    ],
  });
  return withPinnedZipClock(() => Packer.toBuffer(doc, false, [fixedCorePropertiesXml()]));
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const builders: Array<[string, () => Promise<Buffer>]> = [
    ['safety-manual.pdf', buildSafetyManualPdf],
    ['code-of-conduct.docx', buildCodeOfConductDocx],
  ];
  for (const [fileName, build] of builders) {
    const target = path.join(OUTPUT_DIR, fileName);
    const bytes = await build();
    await writeFile(target, bytes);
    console.log(`wrote ${path.relative(process.cwd(), target)} (${bytes.length} bytes)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
