const { stackUp } = require('./stack-session.cjs');

module.exports = async function globalSetup() {
  stackUp();
};
