/**
 * A QR code drawn in the client: `qr` encodes it as a small GIF, shown as a data URL in an <Image>. That works
 * the same in WeChat (whose <image> takes base64 data URLs) and on the web, with no canvas and no request.
 */
import { Image, View } from '@tarojs/components';
import { useMemo } from 'react';
import encodeQR from 'qr';
import './index.scss';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** WeChat has no btoa: a plain base64 of bytes. */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

/** UTF-8 bytes without TextEncoder (missing in some WeChat versions). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

export function qrDataUrl(value: string): string {
  const gif = encodeQR(value, 'gif', { ecc: 'medium', border: 2, scale: 8, textEncoder: utf8 });
  return `data:image/gif;base64,${toBase64(gif)}`;
}

export function QrCode({ value, size = 180 }: { value: string; size?: number }) {
  const src = useMemo(() => qrDataUrl(value), [value]);
  return (
    <View className='qr-code' style={{ width: `${size}px`, height: `${size}px` }}>
      <Image className='qr-code__img' src={src} style={{ width: `${size}px`, height: `${size}px` }} mode='aspectFit' aria-label={`二维码 ${value}`} />
    </View>
  );
}
