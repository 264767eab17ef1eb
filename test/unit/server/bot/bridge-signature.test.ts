import { bridgeSignature, checkBridgeSignature, signedHeaders } from '../../../../server/infra/bot/signature';
import { signJoinIntent, verifyJoinIntent, type JoinIntent } from '../../../../server/modules/bot/link-token';
import { bindingCodeIn } from '../../../../server/modules/bot/bot.service';
import { classifyWecomErrcode } from '../../../../server/infra/bot/wecom-webhook.transport';

const now = new Date(Date.UTC(2026, 10, 22, 2, 0, 0));
const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('bridge signature: HMAC-SHA256 over `${timestamp}\\n${body}` with the channel secret', () => {
  it('matches a known vector', () => {
    // echo -n $'1795312800\n{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(bridgeSignature('secret', '1795312800', '{"a":1}')).toBe(require('node:crypto').createHmac('sha256', 'secret').update('1795312800\n{"a":1}').digest('hex'));
  });

  it('accepts its own headers, within five minutes either way', () => {
    const body = '{"groupId":"G","messages":[]}';
    expect(checkBridgeSignature('s3cret', lower(signedHeaders('s3cret', body, now)), body, now)).toBeNull();
    expect(checkBridgeSignature('s3cret', lower(signedHeaders('s3cret', body, new Date(+now - 299_000))), body, now)).toBeNull();
    expect(checkBridgeSignature('s3cret', lower(signedHeaders('s3cret', body, new Date(+now + 299_000))), body, now)).toBeNull();
    expect(checkBridgeSignature('s3cret', { ...lower(signedHeaders('s3cret', body, now)), 'x-linli-signature': `sha256=${bridgeSignature('s3cret', String(+now / 1000), body)}` }, body, now)).toBeNull();
  });

  it.each([
    ['missing', {}],
    ['malformed_timestamp', { 'x-linli-timestamp': '12a', 'x-linli-signature': 'ab' }],
    ['stale', lower(signedHeaders('s3cret', 'b', new Date(+now - 301_000)))],
    ['bad_signature', lower(signedHeaders('other', 'b', now))],
    ['bad_signature', { ...lower(signedHeaders('s3cret', 'b', now)), 'x-linli-signature': 'zz' }],
  ])('refuses: %s', (reason, headers) => {
    expect(checkBridgeSignature('s3cret', headers as Record<string, string>, 'b', now)).toBe(reason);
  });

  it('refuses a body changed after signing', () => {
    expect(checkBridgeSignature('s3cret', lower(signedHeaders('s3cret', '{"text":"+1"}', now)), '{"text":"+9"}', now)).toBe('bad_signature');
  });
});

describe('personal join link token', () => {
  const intent: JoinIntent = { channelId: 3, memberId: 'wx-王', memberName: '王阿姨', campaignId: 7, campaignItemId: 11, quantity: 2, messageId: 'm-1', expiresAt: +now / 1000 + 3600 };

  it('round-trips, URL-safe', () => {
    const token = signJoinIntent('secret', intent);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifyJoinIntent('secret', token, now)).toEqual(intent);
  });

  it('refuses forged, mangled and expired tokens', () => {
    const token = signJoinIntent('secret', intent);
    expect(verifyJoinIntent('other', token, now)).toBeNull();
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify([1, 3, 'wx-王', '王阿姨', 7, 11, 99, 'm-1', intent.expiresAt])).toString('base64url');
    expect(verifyJoinIntent('secret', `${forged}.${sig}`, now)).toBeNull();
    expect(verifyJoinIntent('secret', `${body}.`, now)).toBeNull();
    expect(verifyJoinIntent('secret', `${body}.${sig}.x`, now)).toBeNull();
    expect(verifyJoinIntent('secret', 'garbage', now)).toBeNull();
    expect(verifyJoinIntent('secret', token, new Date((intent.expiresAt + 1) * 1000))).toBeNull();
  });
});

describe('binding codes typed into a group', () => {
  it.each([
    ['K7Q2M9', 'K7Q2M9'], ['绑定 K7Q2M9', 'K7Q2M9'], ['绑定：k7q2m9', 'K7Q2M9'], ['bind K7Q2M9', 'K7Q2M9'], ['  ｋ７ｑ２ｍ９ ', 'K7Q2M9'],
    ['+1', null], ['K7Q2M9 谢谢', null], ['绑定', null], ['K7Q2M', null],
  ])('%s → %s', (text, code) => { expect(bindingCodeIn(text)).toBe(code); });
});

describe('WeCom robot error codes', () => {
  it.each([
    [0, 'ok'], [45009, 'rate_limited'], [93000, 'channel_broken'], [-1, 'retry'], [40008, 'rejected'], [40058, 'rejected'], [44004, 'rejected'],
  ])('%i → %s', (errcode, kind) => {
    const r = classifyWecomErrcode(errcode, 'x');
    expect(r.ok ? 'ok' : r.kind).toBe(kind);
  });
});
