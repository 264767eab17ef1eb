import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { testDialect } from '../../helpers/db';

describe(`[${testDialect()}] HTTP basics: health, request ids, the common error shape`, () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startTestServer(); });
  afterAll(async () => { await srv.close(); });

  it('/healthz answers ok and /readyz pings the database', async () => {
    expect((await request(srv.url).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(srv.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: testDialect() });
  });

  it('puts a request id on every response, echoing a sane one from the caller', async () => {
    const generated = await request(srv.url).get('/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(srv.url).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const refused = await request(srv.url).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  const expectErrorShape = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message', 'requestId']);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String), requestId: res.headers['x-request-id'] });
  };

  it('invalid JSON is a 400 INVALID_JSON', async () => {
    const res = await request(srv.url).post('/api/auth/dev-login').set('content-type', 'application/json').send('{"username": ');
    expectErrorShape(res, 400, 'INVALID_JSON');
  });

  it('a wrong type is a 400 INVALID_INPUT naming the field', async () => {
    const res = await request(srv.url).post('/api/auth/dev-login').send({ userId: 'seven' });
    expectErrorShape(res, 400, 'INVALID_INPUT');
    expect(res.body.error.details[0].path).toBe('userId');
  });

  it('an unknown route is a 404 and a wrong method a 405, in the same shape', async () => {
    expectErrorShape(await request(srv.url).get('/api/nothing-here'), 404, 'NOT_FOUND');
    expectErrorShape(await request(srv.url).delete('/api/auth/dev-login'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('an oversized body is a 413 PAYLOAD_TOO_LARGE, never a 500', async () => {
    const res = await request(srv.url).post('/api/auth/dev-login').send({ username: 'x'.repeat(400_000) });
    expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a bad bearer token is a 401', async () => {
    expectErrorShape(await request(srv.url).get('/api/auth/me').set('Authorization', 'Bearer nope'), 401, 'UNAUTHORIZED');
    expectErrorShape(await request(srv.url).get('/api/auth/me'), 401, 'UNAUTHORIZED');
    expectErrorShape(await request(srv.url).get('/api/auth/me').set('Authorization', 'Basic abc'), 401, 'UNAUTHORIZED');
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await request(srv.url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/api/auth/dev-login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('userId');
  });
});
