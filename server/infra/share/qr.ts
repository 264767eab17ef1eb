/** QR codes as PNG through the `qrcode` library (medium error correction: survives a crease on a printed poster). */
import QRCode from 'qrcode';

export async function qrPng(text: string, opts: { width?: number; margin?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', width: opts.width ?? 430, margin: opts.margin ?? 2, color: { dark: '#000000', light: '#ffffff' } });
}
