/* global jest -- a jest setup file: jest provides the global */
// `testTimeout` is a global jest option: inside `projects` it is ignored, so each tier sets its
// own here. Real servers answer in milliseconds, but a cold start or a busy machine needs room.
jest.setTimeout(60_000);
