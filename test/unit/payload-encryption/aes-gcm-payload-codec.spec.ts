import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadDecryptionError } from '../../../src/temporal/payload-encryption/aes-gcm-payload-codec';
import { FAILURE_CONVERTER_PATH, payloadCodecFor, waybillDataConverter } from '../../../src/temporal/payload-encryption/data-converter';
import { failureConverter } from '../../../src/temporal/payload-encryption/failure-converter';
import { parsePayloadEncryptionKeys } from '../../../src/temporal/payload-encryption/payload-encryption-keys';

const key = (fill: number): string => Buffer.alloc(32, fill).toString('base64');
const OLD = `k1:${key(1)}`;
const NEW = `k2:${key(2)}`;

const codecWith = (spec: string) => AesGcmPayloadCodec.create(parsePayloadEncryptionKeys(spec));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const customer = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123' };

describe('AesGcmPayloadCodec', () => {
  it('round-trips payloads, metadata included, and leaves no plaintext in what it stores', async () => {
    const codec = await codecWith(NEW);
    const original = defaultPayloadConverter.toPayload({ order: { orderId: 'A-1', customer } });
    const [encrypted] = await codec.encode([original]);

    expect(text(encrypted.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.[METADATA_KEY_ID])).toBe('k2');
    expect(Object.keys(encrypted.metadata ?? {}).sort()).toEqual(['encoding', METADATA_KEY_ID]);
    const stored = Buffer.from(temporal.api.common.v1.Payload.encode(encrypted).finish()).toString('latin1');
    for (const secret of ['ada@example.com', 'Ada Lovelace', '+14155550123', 'json/plain']) expect(stored).not.toContain(secret);

    const [decrypted] = await codec.decode([encrypted]);
    expect(text(decrypted.metadata?.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decrypted)).toEqual({ order: { orderId: 'A-1', customer } });
  });

  it('uses a fresh nonce per payload: the same value never encrypts the same way twice', async () => {
    const codec = await codecWith(NEW);
    const payload = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
    expect(Buffer.from(a.data!.subarray(0, 12)).equals(Buffer.from(b.data!.subarray(0, 12)))).toBe(false);
  });

  it('encodes and decodes empty lists and empty payloads', async () => {
    const codec = await codecWith(NEW);
    expect(await codec.encode([])).toEqual([]);
    const [nothing] = await codec.decode(await codec.encode([defaultPayloadConverter.toPayload(undefined)]));
    expect(defaultPayloadConverter.fromPayload(nothing)).toBeUndefined();
  });

  it.each([
    ['a flipped ciphertext bit', (data: Uint8Array) => data.map((b, i) => (i === 20 ? b ^ 1 : b))],
    ['a flipped nonce bit', (data: Uint8Array) => data.map((b, i) => (i === 0 ? b ^ 1 : b))],
    ['a flipped tag bit', (data: Uint8Array) => data.map((b, i) => (i === data.length - 1 ? b ^ 1 : b))],
    ['a truncated tag', (data: Uint8Array) => data.subarray(0, data.length - 1)],
  ])('refuses %s as not authentic', async (_what, tamper) => {
    const codec = await codecWith(NEW);
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(customer)]);
    const decoding = codec.decode([{ ...encrypted, data: tamper(encrypted.data!) }]);
    await expect(decoding).rejects.toBeInstanceOf(PayloadDecryptionError);
    await expect(decoding).rejects.toMatchObject({ reason: 'not_authentic' });
  });

  it('refuses a payload too short to hold a nonce and a tag, or one without a key ID', async () => {
    const codec = await codecWith(NEW);
    const encoding = new TextEncoder().encode(ENCRYPTED_ENCODING);
    await expect(codec.decode([{ metadata: { encoding, [METADATA_KEY_ID]: new TextEncoder().encode('k2') }, data: new Uint8Array(27) }])).rejects.toMatchObject({ reason: 'malformed' });
    await expect(codec.decode([{ metadata: { encoding }, data: new Uint8Array(64) }])).rejects.toMatchObject({ reason: 'malformed' });
  });

  it('refuses a payload under a key ID the ring does not hold, naming the ID', async () => {
    const [encrypted] = await (await codecWith(OLD)).encode([defaultPayloadConverter.toPayload(customer)]);
    await expect((await codecWith(NEW)).decode([encrypted])).rejects.toMatchObject({ reason: 'unknown_key', message: expect.stringContaining('"k1"') });
  });

  it('refuses a payload encrypted by a different key that claims a known ID', async () => {
    const [encrypted] = await (await codecWith(`k2:${key(9)}`)).encode([defaultPayloadConverter.toPayload(customer)]);
    await expect((await codecWith(NEW)).decode([encrypted])).rejects.toMatchObject({ reason: 'not_authentic' });
  });

  it('rotates: new writes use the first key, and payloads under the old key still decrypt', async () => {
    const before = await codecWith(OLD);
    const [old] = await before.encode([defaultPayloadConverter.toPayload('written before rotation')]);

    const rotated = await codecWith(`${NEW},${OLD}`);
    expect(rotated.currentKeyId).toBe('k2');
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('written after rotation')]);
    expect(text(fresh.metadata?.[METADATA_KEY_ID])).toBe('k2');

    const [oldBack, freshBack] = await rotated.decode([old, fresh]);
    expect(defaultPayloadConverter.fromPayload(oldBack)).toBe('written before rotation');
    expect(defaultPayloadConverter.fromPayload(freshBack)).toBe('written after rotation');
    // Until the old key is dropped, that is.
    await expect((await codecWith(NEW)).decode([old])).rejects.toMatchObject({ reason: 'unknown_key' });
  });

  it('passes payloads that were never encrypted through decode untouched, so old histories still replay', async () => {
    const codec = await codecWith(NEW);
    const plain: Payload[] = [defaultPayloadConverter.toPayload({ orderId: 'A-1' }), defaultPayloadConverter.toPayload(null), { metadata: {}, data: new Uint8Array([1, 2]) }];
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('mixed in')]);
    const decoded = await codec.decode([...plain, encrypted]);
    expect(decoded.slice(0, 3)).toEqual(plain);
    expect(defaultPayloadConverter.fromPayload(decoded[3])).toBe('mixed in');
  });
});

describe('waybillDataConverter', () => {
  it('makes one codec per key ring and process', async () => {
    expect(await payloadCodecFor(NEW)).toBe(await payloadCodecFor(NEW));
    expect(await payloadCodecFor(OLD)).not.toBe(await payloadCodecFor(NEW));
    const converter = await waybillDataConverter(NEW);
    expect(converter.payloadCodecs).toEqual([await payloadCodecFor(NEW)]);
    expect(converter.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);
  });

  it('refuses a bad key ring, and does not keep the failure', async () => {
    await expect(waybillDataConverter('k1:short')).rejects.toThrow(/32 random bytes/);
    await expect(waybillDataConverter('k1:short')).rejects.toThrow(/32 random bytes/);
  });

  it('points at a failure converter that moves messages and stack traces into the encoded attributes', () => {
    // Loaded by path, as the SDK loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(FAILURE_CONVERTER_PATH) as { failureConverter: unknown };
    expect(loaded.failureConverter).toBe(failureConverter);
    const failure = failureConverter.errorToFailure(ApplicationFailure.create({ message: '550 <ada@example.com>: mailbox unavailable' }), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const attributes = defaultPayloadConverter.fromPayload<{ message: string; stack_trace: string }>(failure.encodedAttributes!);
    expect(attributes.message).toBe('550 <ada@example.com>: mailbox unavailable');
    expect(attributes.stack_trace).toContain('ada@example.com');
  });
});
