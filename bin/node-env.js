// The server runs in production mode unless NODE_ENV says otherwise. Libraries decide at load time: graphql-js, in
// any other mode, checks every failed `instanceof` of its type tests for a second copy of itself (a development
// aid that costs CPU on every request), Express and Apollo Server would show stack traces in error answers.
// `NODE_ENV=development` (or any other value) keeps their development behaviour; commands other than the servers
// (`token`, `import`, ...) are left as they are.
const SERVERS = new Set(['serve', 'worker']);

/** Set NODE_ENV=production for a server command when it is unset; call before anything loads graphql. */
exports.defaultToProduction = (command) => {
  if (process.env.NODE_ENV === undefined && SERVERS.has(command)) process.env.NODE_ENV = 'production';
};
