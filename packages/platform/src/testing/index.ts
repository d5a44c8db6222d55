export { freePort } from './free-port';
export { runBuiltAppToExit, startBuiltApp, type BuiltAppOptions, type ExitedApp, type RunningApp } from './built-app';
export { describeBuiltAppOperations, startOnFreePort, type BuiltAppUnderTest, type UndeclaredMethod } from './describe-built-app';
export { pagesOfSize, walkPages, type PageOf } from './walk-pages';
export { localTokenIssuer, type LocalTokenIssuer } from './local-token-issuer';
export { bearerFor, stackIssuer, stackToken, TEST_OPERATOR, TEST_TELLER, withTestToken } from './stack-tokens';
export { forgedTokens } from './forged-tokens';
