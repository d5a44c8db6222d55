import { DEVELOPMENT_USER_HINTS } from './development-users';

export interface SignInPageModel {
  /** Where the form posts: the interaction's own URL. */
  readonly action: string;
  /** The client's name, so the developer sees what they are signing in to. */
  readonly clientName: string;
  readonly username?: string;
  /** Why the last attempt was refused, announced to screen readers. */
  readonly error?: string;
}

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

/** No script and no external assets: the page works by keyboard, offline, under a strict CSP. */
export const SIGN_IN_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

const style = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1b1d21; }
  main { max-width: 24rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  h2 { font-size: 1rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; border: 1px solid #6b7280; border-radius: 4px; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font: inherit; font-weight: 600; color: #fff; background: #1d4ed8; border: 0; border-radius: 4px; cursor: pointer; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  [role=alert] { color: #b91c1c; font-weight: 600; }
  aside { margin-top: 2rem; font-size: .9rem; color: #374151; }
  code { font-size: .95em; }`;

/** The local provider's sign-in form, with the development users spelled out (development only). */
export function signInPage(model: SignInPageModel): string {
  const error = model.error === undefined ? '' : `<p id="sign-in-error" role="alert">${escapeHtml(model.error)}</p>`;
  const invalid = model.error === undefined ? '' : ' aria-invalid="true" aria-describedby="sign-in-error"';
  const hints = DEVELOPMENT_USER_HINTS.map((user) => {
    const who = `<code>${escapeHtml(user.username)}</code>${user.orAnyOther === true ? ' or any other username' : ''}`;
    return `<li>${who}: ${user.roles.join(', ')}</li>`;
  }).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Ledger (development)</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>Sign in to ${escapeHtml(model.clientName)}</h1>
${error}
<form method="post" action="${escapeHtml(model.action)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(model.username ?? '')}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<aside aria-labelledby="hints-title">
<h2 id="hints-title">Development users</h2>
<p>This is the local development provider: any non-empty password signs in, and the username decides the roles.</p>
<ul>${hints}</ul>
</aside>
</main>
</body>
</html>
`;
}

/** When the interaction cannot go on (expired, or its cookie is gone): start again from the console. */
export function interactionGonePage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign-in expired – Ledger (development)</title><style>${style}</style></head>
<body><main><h1>This sign-in has expired</h1><p>Go back to the console and choose <strong>Sign in</strong> again.</p></main></body>
</html>
`;
}
