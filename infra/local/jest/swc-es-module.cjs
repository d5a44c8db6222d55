// @swc/jest for the ES-module-only packages jest must compile to CommonJS (see jest.config.cjs).
// CommonJS has no import.meta; @platformatic/kafka reads its wasm file and an optional native
// module relative to import.meta.url, so that becomes the same URL built from __filename.
const swcJest = require('@swc/jest');

const importMetaUrl = /\bimport\.meta\.url\b/g;
// Not require('node:url'): the code around it may declare its own `require` (createRequire).
const asCommonJs = (source) => source.replace(importMetaUrl, "new URL('file://' + __filename.split('/').map(encodeURIComponent).join('/')).href");

module.exports = {
  createTransformer(options) {
    const swc = swcJest.createTransformer(options);
    return {
      ...swc,
      process: (source, file, jestOptions) => swc.process(asCommonJs(source), file, jestOptions),
      processAsync: (source, file, jestOptions) => swc.processAsync(asCommonJs(source), file, jestOptions),
      getCacheKey: (source, file, jestOptions) => swc.getCacheKey(asCommonJs(source), file, jestOptions),
    };
  },
};
