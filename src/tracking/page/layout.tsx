import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { httpsUrl, type Brand } from '../../../activities/notifications/templates/brand';
import { TEXT } from './tracking-page.messages';

/** What every page of the customer's shares. Only text and attributes: preact escapes all of it. */

export interface PageAssets {
  stylesheet: string;
  /** Error pages have no script. */
  script?: string;
}

export function Document({ title, assets, brand, children }: { title: string; assets: PageAssets; brand: Brand; children: ComponentChildren }) {
  const logo = httpsUrl(brand.logoUrl);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        {/* The URL holds the customer's token: never hand it to another site. */}
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        {/* No icon: spares the browser a request that would only 404. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.stylesheet} />
        {assets.script && <script src={assets.script} defer />}
      </head>
      <body>
        <header class="brand" data-testid="brand">
          {logo ? <img class="logo" src={logo} alt={brand.name} /> : <span class="brand-name">{brand.name}</span>}
        </header>
        {children}
        {brand.supportEmail && (
          <footer class="footer" data-testid="support">
            {TEXT.questions} <a href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>
          </footer>
        )}
      </body>
    </html>
  );
}

/** A whole HTML document, doctype included. */
export const renderDocument = (page: ComponentChildren): string => `<!doctype html>\n${render(<>{page}</>)}`;
