import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { usernameProblem } from './development-users';
import { LEDGER_RESOURCE } from './ledger-resource';
import { interactionGonePage, SIGN_IN_PAGE_CSP, signInPage } from './sign-in-page';

/** The provider's default interaction URL (`interactions.url`): `/interaction/<uid>`. */
const INTERACTION_PATH = /^\/interaction\/([\w-]+)$/;
const MAX_FORM_BYTES = 8_192;

async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The page asks for a user every time, so the provider's memory of the last one only gets in the
 * way: signing in as someone else would first take the browser through oidc-provider's sign-out
 * form (which submits itself by script). Ending that session before resuming starts a new one.
 */
async function forgetPreviousSignIn(provider: Provider, interaction: Interaction): Promise<void> {
  if (interaction.session === undefined) return;
  await (await provider.Session.findByUid(interaction.session.uid))?.destroy();
  delete interaction.session;
  await interaction.persist();
}

/**
 * The sign-in step of the authorization-code flow: the provider sends the browser here when it
 * needs a user, this page signs one in (any non-empty password, see development-users) and hands
 * the provider back the login together with the grant. Granting here, in the same step, is what
 * a first-party client gets from a real provider too: the console asks for nothing a user has to
 * weigh, and oidc-provider asks every native client for consent unless the interaction brings it.
 */
export function mountSignInInteraction(provider: Provider): void {
  provider.use(async (ctx, next) => {
    const path = INTERACTION_PATH.exec(ctx.path);
    if (path === null) {
      await next();
      return;
    }
    ctx.set('content-security-policy', SIGN_IN_PAGE_CSP);
    ctx.set('cache-control', 'no-store');
    ctx.type = 'html';

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      // Expired, finished already, or its cookie is gone: nothing to resume.
      ctx.status = 400;
      ctx.body = interactionGonePage();
      return;
    }
    const clientId = String(interaction.params['client_id']);
    const client = await provider.Client.find(clientId);
    const page = { action: `/interaction/${interaction.uid}`, clientName: client?.clientName ?? clientId };

    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      ctx.body = signInPage(page);
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('allow', 'GET, HEAD, POST');
      return;
    }
    const form = await readForm(ctx.req);
    const username = (form?.get('username') ?? '').trim();
    const password = form?.get('password') ?? '';
    const problem = usernameProblem(username) ?? (password === '' ? 'Enter a password (any will do here).' : undefined);
    if (problem !== undefined) {
      ctx.status = 400;
      ctx.body = signInPage({ ...page, username, error: problem });
      return;
    }

    await forgetPreviousSignIn(provider, interaction);
    const grant = new provider.Grant({ accountId: username, clientId });
    grant.addOIDCScope('openid');
    grant.addResourceScope(LEDGER_RESOURCE, 'ledger');
    const grantId = await grant.save();
    const resume = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: username, amr: ['pwd'], remember: false }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(resume);
  });
}
