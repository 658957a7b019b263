import type { Brand } from '../../../activities/notifications/templates/brand';
import { Document, renderDocument, type PageAssets } from './layout';
import { errorText } from './tracking-page.messages';

export interface ErrorPageModel {
  status: number;
  /** A 401 for a token that was ours but ran out, as opposed to one that never was. */
  expired?: boolean;
  brand: Brand;
  assets: PageAssets;
}

/** Says what to do next, and nothing about any order: whoever holds a bad or foreign link learns nothing. */
export function ErrorPage({ status, expired = false, brand, assets }: ErrorPageModel) {
  const text = errorText(status, expired);
  return (
    <Document title={`${text.title} · ${brand.name}`} assets={{ stylesheet: assets.stylesheet }} brand={brand}>
      <main class="tracking error" data-testid="error-page" data-status={String(status)}>
        <h1 data-testid="error-title">{text.title}</h1>
        <p data-testid="error-message">{text.body}</p>
      </main>
    </Document>
  );
}

export const renderErrorPage = (model: ErrorPageModel): string => renderDocument(<ErrorPage {...model} />);
