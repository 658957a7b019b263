import { createHash } from 'node:crypto';

/** A file a page loads from the API itself, named by its content so browsers may cache it for good. */
export interface Asset {
  name: string;
  contentType: string;
  body: string;
}

export function fingerprintedAsset(stem: string, extension: string, contentType: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${stem}-${hash}.${extension}`, contentType, body };
}
