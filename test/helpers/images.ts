import { createCanvas } from '@napi-rs/canvas';

/** A page image of black text on white, as a scanner would produce (PNG, or another format). */
export async function textImage(lines: string[], options: { width?: number; format?: 'png' | 'jpeg' | 'webp' } = {}): Promise<Buffer> {
  const width = options.width ?? 1400;
  const lineHeight = 64;
  const canvas = createCanvas(width, 80 + lines.length * lineHeight);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = '40px sans-serif';
  lines.forEach((line, index) => context.fillText(line, 40, 80 + index * lineHeight));
  const format = options.format ?? 'png';
  return format === 'png' ? canvas.encode('png') : format === 'jpeg' ? canvas.encode('jpeg') : canvas.encode('webp');
}

/** A blank page: what a scan of an empty sheet gives OCR. */
export async function blankImage(): Promise<Buffer> {
  const canvas = createCanvas(800, 600);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 800, 600);
  return canvas.encode('png');
}
