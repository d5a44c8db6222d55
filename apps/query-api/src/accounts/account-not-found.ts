export const accountNotFound = (accountId: string) => ({
  code: 'ACCOUNT_NOT_FOUND',
  message: `account ${accountId} does not exist (or the read model has not seen it yet: pass minRevision to wait for it)`,
  accountId,
});
