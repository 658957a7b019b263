import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { PayloadDecryptionError } from '../temporal/payload-encryption/aes-gcm-payload-codec';
import type { CodecPayload } from './codec.dto';
import { PAYLOAD_CODEC } from './codec.options';

const toBytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));
const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function fromJson(payload: CodecPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, toBytes(value)])),
    data: toBytes(payload.data ?? ''),
  };
}

function toJson(payload: Payload): CodecPayload {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).flatMap(([key, value]) => (value ? [[key, toBase64(value)]] : [])));
  return payload.data?.length ? { metadata, data: toBase64(payload.data) } : { metadata };
}

/**
 * The worker's own codec behind HTTP, in the JSON the Temporal UI and CLI speak. Decoding leaves
 * payloads that were never encrypted as they are, like the worker does.
 */
@Injectable()
export class CodecService {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec) {}

  async encode(payloads: CodecPayload[]): Promise<CodecPayload[]> {
    return (await this.codec.encode(payloads.map(fromJson))).map(toJson);
  }

  async decode(payloads: CodecPayload[]): Promise<CodecPayload[]> {
    try {
      return (await this.codec.decode(payloads.map(fromJson))).map(toJson);
    } catch (err) {
      if (!(err instanceof PayloadDecryptionError)) throw err;
      // Well-formed, but not something this key ring can open: an unknown key ID or an altered payload.
      throw new UnprocessableEntityException({ statusCode: 422, error: 'PayloadNotDecryptable', message: err.message });
    }
  }
}
