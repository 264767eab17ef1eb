import { createPrivateKey, createPublicKey, createVerify } from 'node:crypto';
import {
  authorizationHeader,
  paySignMessage,
  requestSignatureMessage,
  responseSignatureMessage,
  rsaSha256Sign,
  rsaSha256Verify,
  signRequest,
  newNonce,
  unixSeconds,
} from '../../../../../server/infra/wechat/pay/signing';
import { toRfc3339Beijing } from '../../../../../server/infra/wechat/pay/mapping';
import { generateRsaKeyPair, parseAuthorization } from '../../../../helpers/fake-wechatpay';

const merchant = generateRsaKeyPair();
const merchantKey = createPrivateKey(merchant.privateKeyPem);
const merchantPublic = createPublicKey(merchant.publicKeyPem);

/** Verifies the way WeChat (and wx.requestPayment) does: plain RSA-SHA256 with the merchant public key. */
const verifiedByMerchantKey = (message: string, signature: string) =>
  createVerify('RSA-SHA256').update(message, 'utf8').verify(merchantPublic, signature, 'base64');

describe('WeChat Pay v3 signature messages', () => {
  it('request: METHOD, canonical URL, timestamp, nonce and body, each line ending in \\n', () => {
    expect(requestSignatureMessage('post', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', '{"a":1}'))
      .toBe('POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n');
  });

  it('request without a body (GET) still ends with an empty body line', () => {
    expect(requestSignatureMessage('GET', '/v3/refund/domestic/refunds/R1?x=1', '1', 'N', ''))
      .toBe('GET\n/v3/refund/domestic/refunds/R1?x=1\n1\nN\n\n');
  });

  it('answers and notifications: timestamp, nonce, body', () => {
    expect(responseSignatureMessage('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', '{"x":"y"}'))
      .toBe('1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"x":"y"}\n');
  });

  it('wx.requestPayment: appId, timeStamp, nonceStr, package', () => {
    expect(paySignMessage('wx8888888888888888', '1414561699', '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', 'prepay_id=wx201410272009395522657a690389285100'))
      .toBe('wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n');
  });
});

describe('RSA-SHA256 signing', () => {
  it('a paySign is verifiable with the merchant public key, over exactly the documented message', () => {
    const message = paySignMessage('wxAPP', '1700000000', 'NONCE', 'prepay_id=wx1');
    const paySign = rsaSha256Sign(message, merchantKey);
    expect(verifiedByMerchantKey(message, paySign)).toBe(true);
    expect(verifiedByMerchantKey(message.replace('wx1', 'wx2'), paySign)).toBe(false);
  });

  it('rsaSha256Verify refuses a wrong key, a changed message and non-base64 text without throwing', () => {
    const other = createPublicKey(generateRsaKeyPair().publicKeyPem);
    const sig = rsaSha256Sign('hello\n', merchantKey);
    expect(rsaSha256Verify('hello\n', sig, merchantPublic)).toBe(true);
    expect(rsaSha256Verify('hello!\n', sig, merchantPublic)).toBe(false);
    expect(rsaSha256Verify('hello\n', sig, other)).toBe(false);
    expect(rsaSha256Verify('hello\n', 'WECHATPAY/SIGNTEST/abc', merchantPublic)).toBe(false);
    expect(rsaSha256Verify('hello\n', '', merchantPublic)).toBe(false);
  });

  it('the Authorization header has the documented schema and fields, and its signature covers the request', () => {
    const header = signRequest({
      method: 'POST', canonicalUrl: '/v3/refund/domestic/refunds', body: '{"out_refund_no":"R1"}',
      mchId: '1900009191', merchantSerialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C', merchantKey,
      timestamp: '1554208460', nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/=]+",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"$/);
    const parsed = parseAuthorization(header)!;
    const message = 'POST\n/v3/refund/domestic/refunds\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"out_refund_no":"R1"}\n';
    expect(verifiedByMerchantKey(message, parsed.signature)).toBe(true);
  });

  it('authorizationHeader puts the fields in the documented order', () => {
    expect(authorizationHeader({ mchid: 'M', nonce_str: 'N', signature: 'S', timestamp: 'T', serial_no: 'X' }))
      .toBe('WECHATPAY2-SHA256-RSA2048 mchid="M",nonce_str="N",signature="S",timestamp="T",serial_no="X"');
  });

  it('nonces are 32 characters and do not repeat; timestamps are whole Unix seconds', () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[0-9A-F]{32}$/);
    expect(unixSeconds(new Date(1_700_000_000_999))).toBe('1700000000');
  });
});

describe('time_expire format', () => {
  it('is RFC 3339 in Beijing time with +08:00 and whole seconds', () => {
    expect(toRfc3339Beijing(new Date('2026-11-22T02:15:30.750Z'))).toBe('2026-11-22T10:15:30+08:00');
    expect(toRfc3339Beijing(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
    expect(new Date(toRfc3339Beijing(new Date('2026-11-22T02:15:30Z'))).toISOString()).toBe('2026-11-22T02:15:30.000Z');
  });
});
