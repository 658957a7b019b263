import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { parsePayloadEncryptionKeys } from './payload-encryption-keys';

/**
 * Where the failure converter lives, for `bundleWorkflowCode` and for every data converter: the
 * workflow sandbox can only take it by path. Resolves to the `.ts` file under jest and tsx and to
 * the compiled `.js` in `dist/`.
 */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

const codecs = new Map<string, Promise<AesGcmPayloadCodec>>();

/** The codec for a PAYLOAD_ENCRYPTION_KEYS value, made once per process (key import is async). */
export function payloadCodecFor(keys: string): Promise<AesGcmPayloadCodec> {
  let codec = codecs.get(keys);
  if (!codec) {
    codec = AesGcmPayloadCodec.create(parsePayloadEncryptionKeys(keys));
    codecs.set(keys, codec);
    // A bad key must not stay cached as a rejected promise: the next caller gets the error afresh.
    void codec.catch(() => codecs.delete(keys));
  }
  return codec;
}

/**
 * The one data converter of every Temporal client and worker (API, worker, tests, replay, the
 * history recorder): payloads encrypted by the key ring, failures' messages and stacks with them.
 */
export async function waybillDataConverter(keys: string): Promise<DataConverter> {
  return { payloadCodecs: [await payloadCodecFor(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
