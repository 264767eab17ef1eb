/**
 * Pictures for after-sales requests and reviews. POST /api/uploads takes one image as multipart/form-data
 * (field "file": what wx.uploadFile and Taro.uploadFile send on both targets), checks what it really is from
 * its first bytes (JPEG, PNG, GIF, WebP — never SVG, which can carry script), caps its size, and stores it under
 * a random name; GET /uploads/<name> serves it back. The name is the only reference: unguessable, never reused.
 *
 * Files live on this instance's disk (data/uploads by default). Several instances need a shared volume or an
 * object store behind the same two routes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import Router from '@koa/router';
import { Api } from '../api';
import type { AppState } from '../state';
import { InvalidInputError, NotFoundError } from '../../kernel/errors';
import { UPLOAD_MAX_BYTES, type UploadDTO } from '../../../shared/types/upload';

type ImageType = UploadDTO['contentType'];

const EXT: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };
const TYPE_BY_EXT: Record<string, ImageType> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };
/** Multipart headers and boundaries around the one file. */
const ENVELOPE_BYTES = 16 * 1024;
const NAME = /^[A-Za-z0-9_-]{16,64}\.(jpg|png|gif|webp)$/;

/** The image type from the file's signature, whatever the client claimed. */
export function sniffImage(b: Buffer): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

const tooLarge = () => Object.assign(new Error(`图片不能超过 ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`), { status: 413, expose: true });

/** Reads the request body, refusing (413) as soon as it passes `limit` rather than buffering whatever is sent. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      req.resume(); // drain the rest so the answer still reaches the client
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface MultipartPart { name: string | null; filename: string | null; data: Buffer }

/** Splits a multipart/form-data body into its parts (RFC 7578). Enough for one small file and a few fields. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString('latin1') === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) break;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next === -1) break;
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      data: body.subarray(headerEnd + 4, next),
    });
    pos = next + 2;
  }
  return parts;
}

export function uploadRoutes(dir: string): Api {
  return new Api('/api/uploads', 'uploads')
    .route({ method: 'post', path: '/', summary: 'Upload one picture (multipart/form-data, field "file"; JPEG, PNG, GIF or WebP, at most 5 MB)', access: 'user', status: 201 },
      async ({ ctx }): Promise<UploadDTO> => {
        const type = ctx.get('content-type');
        const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
        if (!boundary) throw new InvalidInputError('请以 multipart/form-data 上传图片（字段名 file）');
        const body = await readBody(ctx.req, UPLOAD_MAX_BYTES + ENVELOPE_BYTES);
        const parts = parseMultipart(body, boundary[1] ?? boundary[2]);
        const file = parts.find((p) => p.name === 'file') ?? parts.find((p) => p.filename !== null);
        if (!file || file.data.length === 0) throw new InvalidInputError('没有收到图片（字段名 file）');
        if (file.data.length > UPLOAD_MAX_BYTES) throw tooLarge();
        const contentType = sniffImage(file.data);
        if (!contentType) throw new InvalidInputError('只能上传 JPG、PNG、GIF 或 WebP 图片');
        const name = `${randomBytes(16).toString('hex')}.${EXT[contentType]}`;
        await fs.promises.mkdir(dir, { recursive: true });
        await fs.promises.writeFile(path.join(dir, name), file.data, { flag: 'wx' });
        ctx.state.log.info({ name, bytes: file.data.length, contentType }, 'upload stored');
        return { url: `/uploads/${name}`, contentType, bytes: file.data.length };
      });
}

/** GET /uploads/<name>: a stored picture, cached for good (its name never changes meaning). */
export function uploadedFiles(dir: string): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/uploads/:name', async (ctx) => {
    const name = ctx.params.name;
    if (!NAME.test(name)) throw new NotFoundError('upload', name);
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new NotFoundError('upload', name);
    ctx.type = TYPE_BY_EXT[name.slice(name.lastIndexOf('.') + 1)];
    ctx.length = stat.size;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = fs.createReadStream(file);
  });
  return router;
}
