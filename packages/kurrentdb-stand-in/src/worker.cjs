// Part of the KurrentDB TEST STAND-IN (see serve.ts): the entry of its worker thread. A worker
// starts with a fresh module loader, so it compiles the stand-in's TypeScript itself (tsx, a
// devDependency of the workspace) before loading it.
require('tsx/cjs/api').register();
require('./worker.ts');
