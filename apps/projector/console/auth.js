// @ts-check

const TOKEN_KEY = 'ledger-console.token';
const PENDING_KEY = 'ledger-console.sign-in';

/**
 * @typedef {{ issuer: string, clientId: string, scope: string }} ConsoleConfig
 * @typedef {{ state: string, verifier: string, redirectUri: string, tokenEndpoint: string, clientId: string }} PendingSignIn
 * @typedef {{ sub?: string, roles?: string[], exp?: number }} TokenClaims
 */

/** The access token of this tab's session, or null when signed out. */
export function currentToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PENDING_KEY);
}

/**
 * Who the token names, read without verifying it: only for display, the API checks the token.
 * @returns {TokenClaims}
 */
export function tokenClaims() {
  const payload = currentToken()?.split('.')[1];
  if (!payload) return {};
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/** The console's own URL without query or hash: the redirect URI registered for the console. */
function ownUrl() {
  return `${location.origin}${location.pathname}`;
}

/** @param {Uint8Array} bytes */
function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** @param {string} verifier */
async function s256(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * @param {string} url
 * @param {string} what
 */
async function getJson(url, what) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`${what} answered ${response.status}.`);
  return response.json();
}

/** @returns {Promise<ConsoleConfig>} */
function loadConfig() {
  return getJson('config.json', 'The console configuration');
}

/** @param {string} issuer */
function discover(issuer) {
  return getJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, 'The OpenID provider');
}

/**
 * Authorization code with PKCE (S256): leaves the page for the provider's sign-in.
 * @returns {Promise<void>}
 */
export async function beginSignIn() {
  if (!crypto.subtle) throw new Error('Signing in needs a secure context (https, or http on localhost).');
  const config = await loadConfig();
  const provider = await discover(config.issuer);
  /** @type {PendingSignIn} */
  const pending = { state: randomString(), verifier: randomString(), redirectUri: ownUrl(), tokenEndpoint: provider.token_endpoint, clientId: config.clientId };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scope || 'openid',
    state: pending.state,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** @returns {PendingSignIn | null} */
function takePending() {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/**
 * Back from the provider with `?code&state` (or `?error`): checks the state, exchanges the code and
 * keeps the access token. Returns false when the URL is not a sign-in answer.
 * @returns {Promise<boolean>}
 */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  history.replaceState(null, '', ownUrl());
  const pending = takePending();
  if (params.has('error')) throw new Error(`Sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('Sign-in answer did not match this tab’s request; sign in again.');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(`Sign-in failed: ${body.error_description ?? body.error ?? response.status}`);
  }
  sessionStorage.setItem(TOKEN_KEY, body.access_token);
  return true;
}
