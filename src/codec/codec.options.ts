import type { WaybillConfig } from '../config/config';

export const CODEC_OPTIONS = Symbol('waybill:codec-options');
export const PAYLOAD_CODEC = Symbol('waybill:payload-codec');

/** Where the Temporal UI and CLI find the codec: `<endpoint>/encode` and `<endpoint>/decode`. */
export const CODEC_PATH = '/codec';
/**
 * One request carries the payloads of one history event, and Temporal caps a payload at 2 MB
 * (more than 64 KB is common for a shipment continuing as new with its timeline); base64 adds a third.
 */
export const CODEC_MAX_BODY = '4mb';
export const CODEC_MAX_PAYLOADS = 1000;

export interface CodecModuleOptions {
  payloadEncryptionKeys: string;
  /** The Temporal UI's origin: the only one answered cross-origin, with credentials. */
  uiOrigin?: string;
  /** The API's own origin (the admin dashboard's pages call from it). */
  apiOrigin: string;
}

export const codecOptions = (config: WaybillConfig): CodecModuleOptions => ({
  payloadEncryptionKeys: config.temporal.payloadEncryptionKeys,
  uiOrigin: config.temporal.uiOrigin,
  apiOrigin: new URL(config.publicBaseUrl).origin,
});
