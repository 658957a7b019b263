import { fingerprintedAsset, type Asset } from '../../api/fingerprinted-asset';
import { ADMIN_CSS } from './admin-css';
import { ADMIN_JS } from './admin-js';

export type { Asset };

export const STYLESHEET = fingerprintedAsset('admin', 'css', 'text/css; charset=utf-8', ADMIN_CSS);
export const SCRIPT = fingerprintedAsset('admin', 'js', 'text/javascript; charset=utf-8', ADMIN_JS);

export const ASSETS_PATH = '/admin/assets';
export const assetUrl = (file: Asset): string => `${ASSETS_PATH}/${file.name}`;

const BY_NAME = new Map([STYLESHEET, SCRIPT].map((file) => [file.name, file]));
export const assetNamed = (name: string): Asset | undefined => BY_NAME.get(name);
