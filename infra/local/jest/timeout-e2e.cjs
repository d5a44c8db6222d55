/* global jest -- a jest setup file: jest provides the global */
// See timeout-int.cjs; e2e tests start built apps as processes, so they get more room still.
jest.setTimeout(180_000);
