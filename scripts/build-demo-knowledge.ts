/**
 * Builds the binary demo articles in knowledge/demo/ (a PDF and a DOCX) from the text below, so they can be reviewed
 * and changed as text. The generated files are committed; run this after editing the text:
 *
 *   node --import tsx scripts/build-demo-knowledge.ts
 *
 * The renderers are exported for tests that need PDF and DOCX fixtures laid out the same way.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

export type Part =
  | { readonly h1: string }
  | { readonly h2: string }
  | { readonly p: string }
  | { readonly li: string }
  /** PDF only: start a new page. */
  | { readonly page: true };

/** Fixed so that rebuilding unchanged text gives the same PDF bytes. */
const BUILT = new Date('2025-03-01T09:00:00Z');

/** A4, Helvetica: headings larger and bold, so the PDF parser can tell them from body text as a reader would. */
export async function renderPdf(title: string, parts: readonly Part[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setAuthor('Northwind Outfitters');
  pdf.setCreator('scripts/build-demo-knowledge.ts');
  pdf.setProducer('pdf-lib');
  pdf.setCreationDate(BUILT);
  pdf.setModificationDate(BUILT);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [width, height, margin] = [595, 842, 56];
  let page = pdf.addPage([width, height]);
  let y = height - margin;
  const write = (text: string, font: PDFFont, size: number, before: number, indent = 0) => {
    y -= before;
    for (const line of wrap(text, font, size, width - 2 * margin - indent)) {
      if (y < margin + size) {
        page = pdf.addPage([width, height]);
        y = height - margin;
      }
      y -= size;
      page.drawText(line, { x: margin + indent, y, size, font });
      y -= size * 0.35;
    }
  };
  for (const part of parts) {
    if ('page' in part) {
      page = pdf.addPage([width, height]);
      y = height - margin;
    } else if ('h1' in part) write(part.h1, bold, 20, 0);
    else if ('h2' in part) write(part.h2, bold, 14, 16);
    else if ('li' in part) write(`•  ${part.li}`, regular, 11, 4, 12);
    else write(part.p, regular, 11, 9);
  }
  const pages = pdf.getPages();
  pages.forEach((p, k) => p.drawText(`Page ${k + 1} of ${pages.length}`, { x: width / 2 - 25, y: 30, size: 9, font: regular }));
  return pdf.save();
}

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** Word's built-in heading styles, which mammoth maps to <h1>/<h2>. */
export async function renderDocx(title: string, parts: readonly Part[]): Promise<Buffer> {
  const children = parts.flatMap((part) => {
    if ('page' in part) return [];
    if ('h1' in part) return [new Paragraph({ text: part.h1, heading: HeadingLevel.HEADING_1 })];
    if ('h2' in part) return [new Paragraph({ text: part.h2, heading: HeadingLevel.HEADING_2 })];
    if ('li' in part) return [new Paragraph({ text: part.li, bullet: { level: 0 } })];
    return [new Paragraph({ text: part.p })];
  });
  const doc = new Document({ title, creator: 'Northwind Outfitters', sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export const TENT_GUIDE: readonly Part[] = [
  { h1: 'Setting up your Trailhead 2 tent' },
  { p: 'The Trailhead 2 is a two-person, three-season dome tent. With a little practice, one person can pitch it in about ten minutes. We recommend a practice run in your garden or a park before your first trip, so you are not learning in the dark or in the rain.' },
  { h2: "What's in the bag" },
  { li: 'Inner tent with attached groundsheet' },
  { li: 'Flysheet (the waterproof outer tent)' },
  { li: 'Two colour-coded aluminium poles and one short brow pole' },
  { li: '14 V-shaped pegs and 4 guy lines' },
  { li: 'Repair sleeve for the poles' },
  { p: 'If anything is missing, contact us within 60 days of delivery and we will send the part free of charge.' },
  { h2: 'Choosing a pitch' },
  { p: 'Look for flat, even ground clear of stones, sticks and pine cones. Avoid hollows where rainwater collects, and do not pitch under dead branches. In windy weather, point the narrow end of the tent, where the door is not, into the wind.' },
  { h2: 'Pitching the inner tent' },
  { p: 'Lay the inner tent out flat with the door where you want it. Peg out the four corners, pulling each one out gently so the groundsheet is smooth but not stretched tight.' },
  { p: 'Assemble the poles by letting the shock cord pull the sections together; make sure every joint is fully seated, as a half-seated joint is the most common cause of snapped poles. Slide the red pole into the red corner eyelets and the blue pole into the blue ones, so that the poles cross over the top of the tent. Then clip the inner tent to the poles, starting at the bottom and working up.' },
  { page: true },
  { h2: 'Adding the flysheet' },
  { p: 'Throw the flysheet over the tent with its door above the inner door. Fasten the four corner buckles to the matching tabs on the inner tent and tighten the straps until the flysheet is taut and does not touch the inner tent anywhere. A gap of a few centimetres stops condensation from soaking through.' },
  { p: 'Insert the short brow pole into the sleeve above the door. It keeps the porch open and lets rain run off.' },
  { h2: 'Guying out in wind' },
  { p: 'Attach the four guy lines to the loops halfway up the flysheet and peg them out at about 45 degrees, in line with the seams. Tighten them just enough to stop the fabric flapping. Check them again after an hour, as the fabric stretches slightly as it cools.' },
  { h2: 'Taking the tent down' },
  { p: 'Never pack the tent away wet for more than a day: mould damages the coating and is not covered by the warranty. If you have to pack it wet, dry it fully at home within 24 hours by hanging it up indoors or pitching it in the garden.' },
  { p: 'Fold the poles from the middle outwards so the shock cord is not strained, and roll the tent towards the open door so the air can escape.' },
];

export const GIFT_CARDS: readonly Part[] = [
  { h1: 'Gift cards' },
  { p: 'Northwind gift cards can be used on our website and in all our shops. They come as an e-gift card sent by email, or as a plastic card posted in a gift envelope.' },
  { h2: 'How do I buy a gift card?' },
  { p: 'Choose Gift cards at the bottom of any page, pick an amount between £10 and £500, and add a personal message. E-gift cards can be scheduled to arrive on a date you choose, for example a birthday. Posted cards are sent free by standard delivery.' },
  { h2: 'How do I use a gift card?' },
  { p: 'At checkout, select Add a gift card and enter the 16-digit card number and the 4-digit PIN from the back of the card or the email. If the gift card does not cover the whole order, you can pay the rest by card, PayPal or Apple Pay. In shops, hand the card to the cashier or show the email on your phone.' },
  { h2: 'How can I check my balance?' },
  { p: 'Enter the card number and PIN on the Gift card balance page, or ask in any of our shops. Your remaining balance is also printed on your receipt each time you use the card.' },
  { h2: 'Do gift cards expire?' },
  { p: 'Gift cards are valid for 24 months from the date of purchase. Each time you use the card, the expiry date is extended by another 24 months.' },
  { h2: 'My gift card is lost or stolen. Can you replace it?' },
  { p: 'We can block the card and issue a new one with the remaining balance if you can give us the card number or the order number you bought it with. Please contact us as soon as possible, because we cannot refund a balance that has already been spent.' },
  { h2: 'Can I get a refund on a gift card?' },
  { p: 'Gift cards cannot be exchanged for cash or refunded, except where the law requires it. If you return something you paid for with a gift card, the refund is added to a new gift card.' },
];

async function main(): Promise<void> {
  const demo = join(dirname(fileURLToPath(import.meta.url)), '..', 'knowledge', 'demo');
  await writeFile(join(demo, 'Tent setup guide.pdf'), await renderPdf('Tent setup guide: Trailhead 2', TENT_GUIDE));
  await writeFile(join(demo, 'Gift cards.docx'), await renderDocx('Gift cards', GIFT_CARDS));
  console.log(`wrote Tent setup guide.pdf and Gift cards.docx to ${demo}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
