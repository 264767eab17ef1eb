// @koa/bodyparser fills these in; declare them once for every handler.
import 'koa';

declare module 'koa' {
  interface Request {
    body?: unknown;
    rawBody?: string;
  }
}
