/* global jest -- a jest setup file: jest provides the global */
// A soak runs for minutes by design (LEDGER_SOAK_SECONDS, default 240), then drains.
jest.setTimeout(15 * 60_000);
