/**
 * The app's pino logger (`AppLogger`), for code that logs structured fields such as `streamId`
 * and `position`. Nest's `Logger` class works too: it is routed to the same pino instance.
 */
export const LOGGER = Symbol('LOGGER');
