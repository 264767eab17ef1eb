/**
 * One way to declare an HTTP route: its method, path, who may call it, and zod schemas for params, query and
 * body. The wrapper validates (a ZodError becomes a 400 in the common shape), checks access, calls the handler
 * and answers `{ data }`. The same declarations generate the OpenAPI document (GET /api/openapi.json).
 */
import type { OutgoingHttpHeaders } from 'node:http';
import Router from '@koa/router';
import fresh from 'fresh';
import type { Context, Middleware } from 'koa';
import { z, type ZodType } from 'zod';
import { checkAccess, type Access } from './middleware/auth';
import type { AppState } from './state';
import type { ServiceContext } from '../kernel/context';
import { RawJson } from '../kernel/read-cache';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Status on success (default 200, or 201 for POST routes that say so). */
  status?: number;
  /** The handler writes ctx.body itself (CSV, PNG, HTML); no `{ data }` wrapper. */
  raw?: { contentType: string };
  /** Extra headers documented in OpenAPI, e.g. Idempotency-Key. */
  headers?: Array<{ name: string; required: boolean; description: string }>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  rc: ServiceContext;
  /** The signed-in user's id, for routes that require one. */
  userId: number;
  ctx: Context & { state: AppState };
}

type Handler<P, Q, B> = (input: RouteInput<P, Q, B>) => Promise<unknown>;

interface Registered { spec: RouteSpec<ZodType, ZodType, ZodType>; fullPath: string; tag: string }

const Empty = z.object({}).passthrough();

export { RawJson };

export class Api {
  private readonly router: Router<AppState>;
  private readonly registered: Registered[] = [];

  constructor(readonly prefix: string, readonly tag: string) {
    this.router = new Router<AppState>({ prefix });
  }

  route<P extends ZodType = typeof Empty, Q extends ZodType = typeof Empty, B extends ZodType = typeof Empty>(
    spec: RouteSpec<P, Q, B>,
    handler: Handler<z.output<P>, z.output<Q>, z.output<B>>,
  ): this {
    const mw: Middleware<AppState> = async (ctx) => {
      checkAccess(ctx.state, spec.access);
      const params = (spec.params ?? Empty).parse(ctx.params) as z.output<P>;
      const query = (spec.query ?? Empty).parse(ctx.query) as z.output<Q>;
      const body = (spec.body ?? Empty).parse(ctx.request.body ?? {}) as z.output<B>;
      const data = await handler({ params, query, body, rc: ctx.state.rc, userId: ctx.state.user?.id ?? 0, ctx: ctx as never });
      if (spec.raw) {
        ctx.type = ctx.type || spec.raw.contentType;
        return;
      }
      // A handler may set the status itself (a replayed join answers 200 instead of 201); Koa's default is 404.
      const explicit = ctx.status !== 404 ? ctx.status : undefined;
      ctx.status = explicit ?? spec.status ?? 200;
      if (data instanceof RawJson) sendRawJson(ctx, data);
      else ctx.body = { data: data ?? null };
    };
    this.router[spec.method](spec.path, mw);
    this.registered.push({ spec: spec as never, fullPath: this.prefix + spec.path, tag: this.tag });
    return this;
  }

  middleware(): Middleware<AppState> {
    return this.router.routes() as unknown as Middleware<AppState>;
  }

  allowedMethods(): Middleware<AppState> {
    return this.router.allowedMethods({ throw: true }) as unknown as Middleware<AppState>;
  }

  get routes(): readonly Registered[] { return this.registered; }
}

/**
 * A pre-serialized answer: a 304 when the caller already has it (If-None-Match), else its bytes, gzipped when
 * the caller accepts gzip (phones and WeChat do). Status is set before: freshness applies to 2xx only.
 * Written straight to Node's response (ctx.respond = false): this is the most frequent answer (the share-link
 * rush), and Koa's header-by-header setters and its respond step cost more than the bytes. Headers set before
 * (X-Request-Id) are kept; ctx.status is still set, for the access log.
 */
export function sendRawJson(ctx: Context, data: RawJson): void {
  ctx.respond = false;
  const headers: OutgoingHttpHeaders = { 'Content-Type': 'application/json; charset=utf-8', ETag: data.etag, Vary: 'Accept-Encoding' };
  if (ctx.status >= 200 && ctx.status < 300 && fresh(ctx.req.headers, { etag: data.etag })) {
    ctx.status = 304;
    ctx.res.writeHead(304, headers).end();
    return;
  }
  const gzipped = acceptsGzip(ctx) ? data.gzip() : null;
  if (gzipped) headers['Content-Encoding'] = 'gzip';
  const body = gzipped ?? data.body;
  headers['Content-Length'] = body.length;
  ctx.res.writeHead(ctx.status, headers).end(body);
}

/**
 * Whether the caller takes gzip. The common headers ("gzip, deflate, br", no q-values) are read directly; any
 * header with q-values goes through Koa's full negotiation. (This runs on every cached read.)
 */
function acceptsGzip(ctx: Context): boolean {
  const header = ctx.get('accept-encoding');
  if (!header.includes('gzip')) return false;
  if (!header.includes(';')) return true;
  return ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
}

const toJson = (schema: ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

/** OpenAPI 3.1 (whose schemas are JSON Schema 2020-12, what zod emits) for every declared route. */
export function openApiDocument(apis: readonly Api[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const api of apis) {
    for (const { spec, fullPath, tag } of api.routes) {
      const path = fullPath.replace(/:(\w+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
        if (!schema) continue;
        const js = toJson(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, s] of Object.entries(js.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
        }
      }
      for (const h of spec.headers ?? []) parameters.push({ name: h.name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
      const security = spec.access === 'public' ? [] : [{ bearer: [] }];
      const op: Record<string, unknown> = {
        tags: [tag],
        summary: spec.summary,
        ...(typeof spec.access === 'object' ? { description: `Roles: ${spec.access.join(', ')}` } : {}),
        parameters,
        security,
        responses: {
          [String(spec.status ?? 200)]: spec.raw
            ? { description: 'OK', content: { [spec.raw.contentType]: {} } }
            : { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Success' } } } },
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
      if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: toJson(spec.body, 'input') } } };
      (paths[path] ??= {})[spec.method] = op;
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Success: { type: 'object', properties: { data: {} }, required: ['data'] },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object', required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {}, requestId: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
