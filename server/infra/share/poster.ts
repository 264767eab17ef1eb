/**
 * The share poster (分享海报): an SVG laid out here and rendered to PNG by resvg (@resvg/resvg-js). Text needs a
 * CJK font: the configured font files, else the usual system locations (Debian/Ubuntu fonts-noto-cjk,
 * wqy, Droid). Without one the poster still renders — QR code, prices' digits in the fallback font, layout —
 * and the missing font is logged once, since a poster whose Chinese text is blank must not go unnoticed.
 */
import fs from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';

export interface PosterContent {
  title: string;
  /** e.g. "¥68.00 起" */
  priceText: string;
  /** Up to three "奉化水蜜桃 5斤 ¥68.00" lines. */
  lines: string[];
  sharer: string | null;
  community: string | null;
  deadlineText: string;
  pickupText: string;
  /** The code to scan: WeChat's mini-program code or a generated QR, as PNG. */
  codePng: Buffer;
  codeCaption: string;
  footer: string;
}

const DEFAULT_FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/System/Library/Fonts/PingFang.ttc',
];

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1334;
/** Where the code is drawn (tests read the pixels there). */
export const POSTER_CODE_BOX = { x: 215, y: 846, size: 320 } as const;

/** Renders off the event loop (libuv's thread pool): a poster takes tens of milliseconds of CPU. */
export interface PosterRenderer { render(content: PosterContent): Promise<Buffer> }

export function createPosterRenderer(opts: { fontFiles?: string[]; warn?: (msg: string) => void } = {}): PosterRenderer {
  const fontFiles = (opts.fontFiles?.length ? opts.fontFiles : DEFAULT_FONT_FILES).filter((f) => fs.existsSync(f));
  let warned = false;
  return {
    async render(content) {
      if (!fontFiles.length && !warned) {
        warned = true;
        opts.warn?.('no CJK font found for share posters: install fonts-noto-cjk or set POSTER_FONT_FILES; Chinese text will be missing');
      }
      const image = await renderAsync(posterSvg(content), {
        fitTo: { mode: 'original' },
        font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'Noto Sans CJK SC' },
      });
      return image.asPng();
    },
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Width of a string in ems, roughly: CJK and full-width characters are 1, the rest about 0.55. */
function ems(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffef]/.test(ch) ? 1 : 0.55;
  return w;
}

/** Breaks text into at most `maxLines` lines of `maxEms`, the last one ending in "…" if cut. */
export function wrapText(text: string, maxEms: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (ems(cur + ch) > maxEms) {
      lines.push(cur);
      cur = '';
      if (lines.length === maxLines) break;
    }
    cur += ch;
  }
  if (lines.length < maxLines && cur) lines.push(cur);
  const used = lines.join('').length;
  if (used < [...text].length && lines.length) {
    const last = lines[lines.length - 1];
    lines[lines.length - 1] = `${[...last].slice(0, Math.max(0, [...last].length - 1)).join('')}…`;
  }
  return lines;
}

export function posterSvg(c: PosterContent): string {
  const W = POSTER_WIDTH;
  const title = wrapText(c.title, 14, 2);
  const code = POSTER_CODE_BOX;
  const text = (x: number, y: number, size: number, fill: string, s: string, extra = '') =>
    `<text x="${x}" y="${y}" font-size="${size}" fill="${fill}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, PingFang SC, sans-serif"${extra}>${esc(s)}</text>`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${POSTER_HEIGHT}" viewBox="0 0 ${W} ${POSTER_HEIGHT}">`,
    `<rect width="${W}" height="${POSTER_HEIGHT}" fill="#fff8f0"/>`,
    `<rect width="${W}" height="150" fill="#2e7d32"/>`,
    text(48, 92, 44, '#ffffff', '邻里团购', ' font-weight="bold"'),
    c.sharer ? text(W - 48, 92, 28, '#e8f5e9', `${c.sharer} 推荐`, ' text-anchor="end"') : '',
    `<rect x="32" y="182" width="${W - 64}" height="640" rx="24" fill="#ffffff"/>`,
    ...title.map((l, i) => text(64, 262 + i * 64, 48, '#1b1b1b', l, ' font-weight="bold"')),
    text(64, 262 + title.length * 64 + 40, 56, '#d84315', c.priceText, ' font-weight="bold"'),
    ...c.lines.slice(0, 3).map((l, i) => text(64, 262 + title.length * 64 + 120 + i * 48, 30, '#424242', wrapText(l, 20, 1)[0] ?? '')),
    text(64, 740, 28, '#616161', c.deadlineText),
    text(64, 786, 28, '#616161', wrapText(c.pickupText, 21, 1)[0] ?? ''),
    `<rect x="${code.x - 20}" y="${code.y - 20}" width="${code.size + 40}" height="${code.size + 40}" rx="20" fill="#ffffff"/>`,
    `<image x="${code.x}" y="${code.y}" width="${code.size}" height="${code.size}" preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,${c.codePng.toString('base64')}"/>`,
    text(W / 2, code.y + code.size + 62, 30, '#2e7d32', c.codeCaption, ' text-anchor="middle"'),
    c.community ? text(W / 2, code.y + code.size + 104, 26, '#757575', c.community, ' text-anchor="middle"') : '',
    text(W / 2, POSTER_HEIGHT - 18, 22, '#9e9e9e', c.footer, ' text-anchor="middle"'),
    '</svg>',
  ];
  return parts.join('');
}
