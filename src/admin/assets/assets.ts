import { createHash } from 'node:crypto';
import { ADMIN_CSS } from './admin-css';
import { ADMIN_JS } from './admin-js';

/** A file the dashboard serves itself, named by its content so browsers may cache it for good. */
export interface Asset {
  name: string;
  contentType: string;
  body: string;
}

function asset(stem: string, extension: string, contentType: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${stem}-${hash}.${extension}`, contentType, body };
}

export const STYLESHEET = asset('admin', 'css', 'text/css; charset=utf-8', ADMIN_CSS);
export const SCRIPT = asset('admin', 'js', 'text/javascript; charset=utf-8', ADMIN_JS);

export const ASSETS_PATH = '/admin/assets';
export const assetUrl = (file: Asset): string => `${ASSETS_PATH}/${file.name}`;

const BY_NAME = new Map([STYLESHEET, SCRIPT].map((file) => [file.name, file]));
export const assetNamed = (name: string): Asset | undefined => BY_NAME.get(name);
