const { stackDownStartedOnly } = require('./stack-session.cjs');

module.exports = async function globalTeardown() {
  stackDownStartedOnly();
};
