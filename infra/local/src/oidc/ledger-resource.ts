/**
 * Ledger's API as a resource indicator (RFC 8707), for the authorization-code flow. Indicators
 * must be absolute URIs, and the apps' audience (`LEDGER_AUDIENCE`, `ledger`) is not one: this
 * URN names the resource, and its tokens carry the audience the apps check.
 */
export const LEDGER_RESOURCE = 'urn:ledger:api';
