import request from 'supertest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { FakeWechat } from '../../helpers/fake-wechat';
import { testDialect } from '../../helpers/db';

describe(`[${testDialect()}] accounts and sessions`, () => {
  let srv: TestServer;
  const wechat = new FakeWechat();

  beforeAll(async () => {
    await wechat.start();
    srv = await startTestServer({ config: { wechat: { apiBase: wechat.url, appId: 'wx-test-app', appSecret: 'test-secret' } } });
  });
  afterAll(async () => { await srv.close(); await wechat.stop(); });

  beforeEach(async () => {
    await srv.reset();
    const { identity } = srv.container;
    await identity.createUser(undefined, { displayName: '管理员', username: 'root', password: 'correct horse battery', roles: ['admin'] }, srv.clock.now());
    await identity.createUser(undefined, { displayName: '张阿姨', username: 'zhang', roles: ['neighbour'] }, srv.clock.now());
  });

  it('WeChat login exchanges the code through code2Session and makes a new neighbour once', async () => {
    wechat.codes.set('code-1', { openid: 'o-openid-0001' });
    const first = await request(srv.url).post('/api/auth/wechat').send({ code: 'code-1' });
    expect(first.status).toBe(200);
    expect(first.body.data.user.roles).toEqual(['neighbour']);
    const call = wechat.callsTo('/sns/jscode2session')[0];
    expect(call.query).toMatchObject({ appid: 'wx-test-app', secret: 'test-secret', js_code: 'code-1', grant_type: 'authorization_code' });

    wechat.codes.set('code-2', { openid: 'o-openid-0001' });
    const second = await request(srv.url).post('/api/auth/wechat').send({ code: 'code-2' });
    expect(second.body.data.user.id).toBe(first.body.data.user.id);

    const me = await request(srv.url).get('/api/auth/me').set('Authorization', `Bearer ${second.body.data.token}`);
    expect(me.body.data).toMatchObject({ id: first.body.data.user.id, roles: ['neighbour'] });
  });

  it('an invalid or reused code is refused with 502 from WeChat, and no user is made', async () => {
    const res = await request(srv.url).post('/api/auth/wechat').send({ code: 'never-issued' });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('EXTERNAL_SERVICE');
    expect(res.body.error.details).toMatchObject({ errcode: 40029 });
  });

  it('admin login checks the scrypt hash', async () => {
    const ok = await request(srv.url).post('/api/auth/admin').send({ username: 'root', password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.user.roles).toEqual(['admin']);
    const wrong = await request(srv.url).post('/api/auth/admin').send({ username: 'root', password: 'wrong' });
    expect(wrong.status).toBe(401);
    const notAdmin = await request(srv.url).post('/api/auth/admin').send({ username: 'zhang', password: 'whatever' });
    expect(notAdmin.status).toBe(401);
  });

  it('the development login works outside production', async () => {
    const res = await request(srv.url).post('/api/auth/dev-login').send({ username: 'zhang' });
    expect(res.status).toBe(200);
    expect(res.body.data.user.displayName).toBe('张阿姨');
  });

  it('an expired token is refused', async () => {
    const res = await request(srv.url).post('/api/auth/dev-login').send({ username: 'zhang' });
    srv.clock.advance(8 * 24 * 3600 * 1000);
    const me = await request(srv.url).get('/api/auth/me').set('Authorization', `Bearer ${res.body.data.token}`);
    expect(me.status).toBe(401);
  });
});

describe(`[${testDialect()}] development login in production`, () => {
  it('is refused', async () => {
    const srv = await startTestServer({ databaseName: 'prodlogin', config: { auth: { devLogin: false } } });
    try {
      await srv.container.identity.createUser(undefined, { displayName: 'x', username: 'x', roles: ['neighbour'] }, srv.clock.now());
      const res = await request(srv.url).post('/api/auth/dev-login').send({ username: 'x' });
      expect(res.status).toBe(403);
    } finally {
      await srv.close();
    }
  });
});
