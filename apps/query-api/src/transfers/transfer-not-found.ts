/** 404 TRANSFER_NOT_FOUND: also what a customer gets for a transfer between other owners' accounts (API.md: existence never leaks). */
export const transferNotFound = (transferId: string) => ({
  code: 'TRANSFER_NOT_FOUND',
  message: `transfer ${transferId} does not exist (or the read model has not seen it yet: pass minRevision to wait for it)`,
  transferId,
});
