import type { Flash } from '../flash';
import { CsrfField, FlashBox, Layout } from './parts';

export interface LoginPageProps {
  csrfToken: string;
  /** Where to go once signed in: a dashboard path, already checked. */
  next?: string;
  flash?: Flash;
}

/** Sign-in with a support or admin API key. The key is posted once and never stored in the browser. */
export function LoginPage({ csrfToken, next, flash }: LoginPageProps) {
  return (
    <Layout title="Sign in">
      <section class="card login" data-testid="login">
        <h1>Sign in to the dashboard</h1>
        <FlashBox flash={flash} />
        <form method="post" action="/admin/login" data-testid="login-form">
          <CsrfField token={csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <label for="apiKey">Support or admin API key</label>
          <input id="apiKey" name="apiKey" type="password" autocomplete="off" required maxLength={256} data-testid="api-key" />
          <p class="muted">Signing in keeps a session cookie for 8 hours. It names the key’s role and ID, never the key.</p>
          <button type="submit" data-testid="sign-in">
            Sign in
          </button>
        </form>
      </section>
    </Layout>
  );
}
