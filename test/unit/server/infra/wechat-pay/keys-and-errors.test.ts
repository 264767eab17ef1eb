import { ConfigError } from '../../../../../config/server';
import { loadPlatformKey, isRetryableWechatPayError, WechatPayError, createWechatPayProvider } from '../../../../../server/infra/wechat/pay';
import { refundResultOf } from '../../../../../server/infra/wechat/pay/mapping';
import { ExternalServiceError } from '../../../../../server/kernel/errors';
import { makeWechatPayTestKeys, wechatPayProviderOptions, type WechatPayTestKeys } from '../../../../helpers/fake-wechatpay';

describe('platform keys', () => {
  let cert: WechatPayTestKeys;
  let pub: WechatPayTestKeys;
  beforeAll(() => {
    cert = makeWechatPayTestKeys({ mode: 'certificate' });
    pub = makeWechatPayTestKeys({ mode: 'public_key' });
  });

  it('reads a platform certificate; its serial comes from the certificate, in any case', () => {
    const k = loadPlatformKey(cert.platform.certPem!, '');
    expect(k).toMatchObject({ serialNo: cert.platform.serialNo, source: 'certificate' });
    expect(k.notAfter!.getTime()).toBeGreaterThan(Date.now());
    expect(loadPlatformKey(cert.platform.certPem!, cert.platform.serialNo.toLowerCase()).serialNo).toBe(cert.platform.serialNo);
  });

  it('refuses a serial that does not match the certificate', () => {
    expect(() => loadPlatformKey(cert.platform.certPem!, '1111111111111111111111111111111111111111')).toThrow(ConfigError);
  });

  it('reads a WeChat Pay public key, whose serial is the key id and must be given', () => {
    expect(loadPlatformKey(pub.platform.publicKeyPem, pub.platform.serialNo)).toMatchObject({ serialNo: pub.platform.serialNo, source: 'public_key', notAfter: null });
    expect(() => loadPlatformKey(pub.platform.publicKeyPem, '')).toThrow(ConfigError);
    expect(() => loadPlatformKey('not a pem', 'X')).toThrow(ConfigError);
  });

  it('createWechatPayProvider refuses a bad configuration at startup', () => {
    const base = wechatPayProviderOptions(cert, 'http://127.0.0.1:1');
    expect(() => createWechatPayProvider({ ...base, apiV3Key: 'too-short' })).toThrow(/apiV3Key/);
    expect(() => createWechatPayProvider({ ...base, mchId: '' })).toThrow(/mchId/);
    expect(() => createWechatPayProvider({ ...base, merchantPrivateKeyPem: cert.merchant.publicKeyPem })).toThrow(ConfigError);
    expect(createWechatPayProvider(base).name).toBe('wechat');
  });
});

describe('WechatPayError', () => {
  const e = (httpStatus: number | null, wechatPayCode: string) => new WechatPayError({ api: 'x', httpStatus, wechatPayCode, message: 'm' });

  it('is an ExternalServiceError carrying WeChat\'s code and the HTTP status', () => {
    const err = e(400, 'PARAM_ERROR');
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ code: 'EXTERNAL_SERVICE', wechatPayCode: 'PARAM_ERROR', httpStatus: 400, retryable: false });
  });

  it.each([
    [500, 'SYSTEM_ERROR', true],
    [502, 'HTTP_502', true],
    [500, 'BANK_ERROR', true],
    [429, 'FREQUENCY_LIMITED', true],
    [null, 'NETWORK_ERROR', true],
    [400, 'PARAM_ERROR', false],
    [403, 'ORDERPAID', false],
    [401, 'SIGN_ERROR', false],
    [404, 'RESOURCE_NOT_EXISTS', false],
    [200, 'RESPONSE_SIGNATURE_INVALID', false],
  ])('HTTP %s %s → retryable %s', (status, code, retryable) => {
    expect(e(status, code).retryable).toBe(retryable);
    expect(isRetryableWechatPayError(e(status, code))).toBe(retryable);
  });

  it('isRetryableWechatPayError is false for anything else', () => {
    expect(isRetryableWechatPayError(new Error('boom'))).toBe(false);
  });
});

describe('refund status mapping', () => {
  it.each([['SUCCESS', 'succeeded'], ['PROCESSING', 'processing'], ['CLOSED', 'failed'], ['ABNORMAL', 'failed']] as const)('%s → %s', (s, r) => {
    expect(refundResultOf(s)).toBe(r);
  });
});
