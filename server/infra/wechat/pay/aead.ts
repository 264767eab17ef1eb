/**
 * AEAD_AES_256_GCM, the cipher WeChat Pay v3 uses for the `resource` of its notifications (and for the
 * certificates it hands out). The key is the 32-byte APIv3 key; the 12-byte IV is `resource.nonce` as
 * text; `associated_data` is the AAD; `ciphertext` is base64 of ciphertext‖16-byte tag.
 */
import { createDecipheriv } from 'node:crypto';

const TAG_BYTES = 16;

export interface EncryptedResource {
  ciphertext: string;
  associated_data?: string | null;
  nonce: string;
}

export class AeadDecryptError extends Error {}

/** Returns the UTF-8 plaintext; throws AeadDecryptError for a wrong key, a tampered text, AAD or nonce. */
export function decryptAes256Gcm(resource: EncryptedResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new AeadDecryptError('the APIv3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= TAG_BYTES) throw new AeadDecryptError('ciphertext shorter than its tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (err) {
    // GCM's final() throws "Unsupported state or unable to authenticate data" for any tampering.
    throw new AeadDecryptError(`AES-256-GCM authentication failed: ${(err as Error).message}`);
  }
}
