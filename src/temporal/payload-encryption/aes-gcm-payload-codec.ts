import { webcrypto } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadEncryptionKey } from './payload-encryption-keys';

/** The metadata Temporal's samples and codec servers use for encrypted payloads. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

/** GCM's recommended 96-bit nonce, random per payload, and its 128-bit tag. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export type PayloadDecryptionFailure = 'unknown_key' | 'malformed' | 'not_authentic';

/** A payload this codec cannot decrypt. Never carries key material or plaintext. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';

  constructor(
    readonly reason: PayloadDecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Encrypts each whole payload (metadata and data, serialized as the Payload protobuf) with
 * AES-256-GCM under the ring's first key, and names that key in the outer metadata so any key of
 * the ring decrypts it later. Payloads that were never encrypted (histories older than encryption)
 * pass through decode unchanged. WebCrypto is asynchronous, so the event loop keeps turning.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private constructor(
    private readonly current: { id: string; key: webcrypto.CryptoKey },
    private readonly keysById: ReadonlyMap<string, webcrypto.CryptoKey>,
  ) {}

  static async create(keys: readonly PayloadEncryptionKey[]): Promise<AesGcmPayloadCodec> {
    if (keys.length === 0) throw new Error('The payload codec needs at least one key');
    const imported = await Promise.all(
      keys.map(async ({ id, material }) => [id, await webcrypto.subtle.importKey('raw', material, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])] as const),
    );
    const [[currentId, currentKey]] = imported;
    return new AesGcmPayloadCodec({ id: currentId, key: currentKey }, new Map(imported));
  }

  /** The ID new payloads are encrypted under. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map((payload) => this.encrypt(payload)));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map(async (payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload)));
  }

  private async encrypt(payload: Payload): Promise<Payload> {
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = webcrypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.current.key, plaintext));
    const data = new Uint8Array(IV_BYTES + sealed.length);
    data.set(iv);
    data.set(sealed, IV_BYTES);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8.encode(this.current.id) },
      data,
    };
  }

  private async decrypt(payload: Payload): Promise<Payload> {
    const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
    if (!keyIdBytes) throw new PayloadDecryptionError('malformed', `Encrypted payload without ${METADATA_KEY_ID}`);
    const keyId = fromUtf8.decode(keyIdBytes);
    const key = this.keysById.get(keyId);
    if (!key) throw new PayloadDecryptionError('unknown_key', `Payload encrypted with unknown key ID ${JSON.stringify(keyId)}: add that key to PAYLOAD_ENCRYPTION_KEYS`);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('malformed', 'Encrypted payload too short to hold a nonce and tag');
    let plaintext: ArrayBuffer;
    try {
      plaintext = await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv: data.subarray(0, IV_BYTES) }, key, data.subarray(IV_BYTES));
    } catch {
      throw new PayloadDecryptionError('not_authentic', `Payload under key ${JSON.stringify(keyId)} failed authentication: altered, or a different key with the same ID`);
    }
    try {
      return temporal.api.common.v1.Payload.decode(new Uint8Array(plaintext));
    } catch {
      throw new PayloadDecryptionError('malformed', 'Decrypted payload is not a Temporal Payload');
    }
  }
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && fromUtf8.decode(encoding) === ENCRYPTED_ENCODING;
}
