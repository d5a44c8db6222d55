export { freePort } from './free-port';
export { runBuiltAppToExit, startBuiltApp, type BuiltAppOptions, type ExitedApp, type RunningApp } from './built-app';
export { describeBuiltAppOperations, startOnFreePort, type BuiltAppUnderTest, type UndeclaredMethod } from './describe-built-app';
export { pagesOfSize, walkPages, type PageOf } from './walk-pages';
