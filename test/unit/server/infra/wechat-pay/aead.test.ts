import { AeadDecryptError, decryptAes256Gcm } from '../../../../../server/infra/wechat/pay/aead';
import { encryptResource } from '../../../../helpers/fake-wechatpay';

const key = '0123456789abcdefghijklmnopqrstuv'; // 32 bytes, as an APIv3 key is
const plaintext = JSON.stringify({ out_trade_no: 'P20261122001', trade_state: 'SUCCESS', amount: { total: 1990, payer_total: 1990 }, note: '奉化水蜜桃' });

describe('AEAD_AES_256_GCM (notification resources)', () => {
  it('decrypts what WeChat encrypts: base64(ciphertext‖tag), associated_data as AAD, nonce as IV', () => {
    const r = encryptResource(plaintext, key, 'transaction', 'fdasflkja484');
    expect(decryptAes256Gcm(r, key)).toBe(plaintext);
  });

  it('accepts an empty or missing associated_data when it was encrypted with none', () => {
    const r = encryptResource(plaintext, key, '');
    expect(decryptAes256Gcm({ ciphertext: r.ciphertext, nonce: r.nonce }, key)).toBe(plaintext);
    expect(decryptAes256Gcm({ ...r, associated_data: null }, key)).toBe(plaintext);
  });

  const flipByte = (b64: string, index: number) => {
    const buf = Buffer.from(b64, 'base64');
    buf[index] ^= 0x01;
    return buf.toString('base64');
  };

  it.each([
    ['a flipped ciphertext byte', (r: ReturnType<typeof encryptResource>) => ({ ...r, ciphertext: flipByte(r.ciphertext, 0) })],
    ['a flipped tag byte', (r: ReturnType<typeof encryptResource>) => ({ ...r, ciphertext: flipByte(r.ciphertext, Buffer.from(r.ciphertext, 'base64').length - 1) })],
    ['other associated data', (r: ReturnType<typeof encryptResource>) => ({ ...r, associated_data: 'refund' })],
    ['another nonce', (r: ReturnType<typeof encryptResource>) => ({ ...r, nonce: 'aaaaaaaaaaaa' })],
    ['a truncated ciphertext', (r: ReturnType<typeof encryptResource>) => ({ ...r, ciphertext: Buffer.from(r.ciphertext, 'base64').subarray(0, 10).toString('base64') })],
  ])('detects %s', (_name, tamper) => {
    const r = encryptResource(plaintext, key, 'transaction');
    expect(() => decryptAes256Gcm(tamper(r), key)).toThrow(AeadDecryptError);
  });

  it('refuses the wrong APIv3 key, and a key that is not 32 bytes', () => {
    const r = encryptResource(plaintext, key, 'transaction');
    expect(() => decryptAes256Gcm(r, 'vutsrqponmlkjihgfedcba9876543210')).toThrow(AeadDecryptError);
    expect(() => decryptAes256Gcm(r, 'short')).toThrow(/32 bytes/);
  });
});
