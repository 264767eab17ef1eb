/**
 * Fitting messages into a transport's size limit, counted in UTF-8 bytes (a WeCom robot takes 2,048 bytes of
 * text and 4,096 of markdown; one Chinese character is 3 bytes). Lists are cut only between lines, and a line
 * that alone is too long is shortened by whole code points, so a character is never cut in half.
 */

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

const ELLIPSIS = '…';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Half of a surrogate pair (possible in names typed elsewhere) becomes U+FFFD, as UTF-8 would make it anyway. */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD');

/** `s` shortened by whole code points (astral characters and all) to at most `maxBytes`, with "…" if cut. */
export function truncateBytes(text: string, maxBytes: number): string {
  const s = wellFormed(text);
  if (utf8Bytes(s) <= maxBytes) return s;
  const budget = maxBytes - utf8Bytes(ELLIPSIS);
  if (budget <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = utf8Bytes(ch);
    if (used + b > budget) break;
    out += ch;
    used += b;
  }
  return out + ELLIPSIS;
}

export interface ListMessage {
  /** Lines before the list (title, counts). */
  head: string[];
  /** The list itself, one entry per line. */
  lines: string[];
  /** Lines after the list (the link). Always kept. */
  tail: string[];
  /** Shown in place of the lines that did not fit; given how many were left out. */
  omitted: (count: number) => string;
}

const join = (parts: string[]) => parts.filter((p) => p !== '').join('\n');

/**
 * One message: head, as many list lines as fit, a note saying how many were left out, tail. The summary
 * keeps the first lines (the order people joined in), which is what a 接龙 list is read for.
 */
export function summariseList(m: ListMessage, maxBytes: number): string {
  const head = m.head.map((l) => truncateBytes(l, Math.floor(maxBytes / 4)));
  const tail = m.tail.map((l) => truncateBytes(l, Math.floor(maxBytes / 4)));
  const lines = m.lines.map((l) => truncateBytes(l, 200));
  const whole = join([...head, ...lines, ...tail]);
  if (utf8Bytes(whole) <= maxBytes) return whole;
  // Keep as many lines as fit beside the note for the rest (whose length depends on the count; 8 bytes spare).
  const fixed = utf8Bytes(join([...head, m.omitted(lines.length), ...tail])) + 8;
  let used = fixed;
  let kept = 0;
  while (kept < lines.length && used + utf8Bytes(lines[kept]) + 1 <= maxBytes) used += utf8Bytes(lines[kept++]) + 1;
  const out = join([...head, ...lines.slice(0, kept), m.omitted(lines.length - kept), ...tail]);
  return utf8Bytes(out) <= maxBytes ? out : truncateBytes(out, maxBytes);
}

/**
 * Several messages of at most `maxBytes` each, up to `maxParts`: the head opens the first, the tail closes the
 * last, and parts after the first are marked (续 2/3). Beyond `maxParts` the last part summarises the rest.
 */
export function splitList(m: ListMessage, maxBytes: number, maxParts: number): string[] {
  const whole = summariseList({ ...m, omitted: () => '' }, Number.MAX_SAFE_INTEGER);
  if (utf8Bytes(whole) <= maxBytes || maxParts <= 1) return [summariseList(m, maxBytes)];
  const lines = m.lines.map((l) => truncateBytes(l, 200));
  const parts: string[][] = [];
  let current: string[] = [...m.head];
  let used = utf8Bytes(join(current));
  const marker = 16; // room for "（续 n/N）"
  for (let i = 0; i < lines.length; i++) {
    const b = utf8Bytes(lines[i]) + 1;
    if (used + b + marker > maxBytes && current.length) {
      parts.push(current);
      current = [];
      used = 0;
      if (parts.length === maxParts - 1) {
        // The last part allowed: what is left goes into it, summarised if it does not fit.
        parts.push([summariseList({ head: [], lines: lines.slice(i), tail: m.tail, omitted: m.omitted }, maxBytes - marker)]);
        return label(parts);
      }
    }
    current.push(lines[i]);
    used += b;
  }
  const withTail = [...current, ...m.tail];
  if (utf8Bytes(join(withTail)) + marker <= maxBytes) parts.push(withTail);
  else if (parts.length + 2 <= maxParts) parts.push(current, [...m.tail]);
  else parts.push([summariseList({ head: [], lines: current, tail: m.tail, omitted: m.omitted }, maxBytes - marker)]);
  return label(parts);
}

function label(parts: string[][]): string[] {
  const n = parts.length;
  return parts.map((p, i) => (n > 1 && i > 0 ? `（续 ${i + 1}/${n}）\n` : '') + join(p));
}
