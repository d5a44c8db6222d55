/**
 * The app's validated config, provided globally by `bootstrapApp`. Inject it typed with the
 * app's own config type: `@Inject(APP_CONFIG) config: CommandApiConfig`.
 */
export const APP_CONFIG = Symbol('APP_CONFIG');
