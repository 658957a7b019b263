import { FlashBox, Layout, type SignedIn } from './parts';

export interface ErrorPageProps {
  status: number;
  message: string;
  user?: SignedIn;
  /** A way back, when there is an obvious one. */
  back?: { href: string; label: string };
}

const TITLES: Record<number, string> = {
  400: 'That request was not valid',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too large',
  422: 'Not possible',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

export function ErrorPage({ status, message, user, back }: ErrorPageProps) {
  const title = TITLES[status] ?? (status >= 500 ? TITLES[500] : 'That did not work');
  return (
    <Layout title={title} user={user}>
      <section class="card" data-testid="error-page" data-status={status}>
        <h1>{title}</h1>
        <FlashBox flash={{ kind: 'error', message }} />
        <p>
          <a href={back?.href ?? '/admin'} data-testid="error-back">
            {back?.label ?? 'Back to the orders'}
          </a>
        </p>
      </section>
    </Layout>
  );
}
