export { pingThroughout, type PingWatch } from './testing/ping-throughout';
