import { fingerprintedAsset, type Asset } from '../../api/fingerprinted-asset';
import { Inject, Injectable } from '@nestjs/common';
import { TRACKING_OPTIONS, type TrackingOptions } from '../tracking.options';
import { trackingPageCss } from './tracking-page.css';
import { trackingPageScript } from './tracking-page.client';

export type { Asset };

/** The compiled client function, called with the browser's window (see tracking-page.client.ts). */
export const trackingPageScriptSource = (): string => `"use strict";\n(${trackingPageScript.toString()})(window);\n`;

/** Where the page's assets are served, below the API's public path: `/t/assets/{name}`. */
export const ASSETS_ROUTE = 't/assets';

/**
 * The tracking page's stylesheet and script, made once at start-up (the stylesheet carries the
 * merchant's colour), served by TrackingAssetsController from the API itself, as the CSP wants.
 */
@Injectable()
export class TrackingAssets {
  readonly stylesheet: Asset;
  readonly script: Asset;
  private readonly byName: ReadonlyMap<string, Asset>;
  private readonly basePath: string;

  constructor(@Inject(TRACKING_OPTIONS) options: TrackingOptions) {
    this.stylesheet = fingerprintedAsset('tracking-page', 'css', 'text/css; charset=utf-8', trackingPageCss(options.brand));
    this.script = fingerprintedAsset('tracking-page', 'js', 'text/javascript; charset=utf-8', trackingPageScriptSource());
    this.byName = new Map([this.stylesheet, this.script].map((file) => [file.name, file]));
    this.basePath = new URL(options.publicBaseUrl).pathname.replace(/\/+$/, '');
  }

  url(file: Asset): string {
    return `${this.basePath}/${ASSETS_ROUTE}/${file.name}`;
  }

  named(name: string): Asset | undefined {
    return this.byName.get(name);
  }
}
