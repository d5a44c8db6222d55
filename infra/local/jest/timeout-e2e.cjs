// See timeout-int.cjs; e2e tests start built apps as processes, so they get more room still.
jest.setTimeout(180_000);
