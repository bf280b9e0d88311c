// `npm start`: serve from dist/ when it was built from the current sources, after rebuilding it when not.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildIsCurrent } = require('./build-stamp');

const root = path.join(__dirname, '..');
if (!buildIsCurrent(root)) {
  console.error('loongate: the sources changed since the last build (or there is none): compiling with `npm run build`');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
require('../bin/node-env').defaultToProduction('serve');
require('reflect-metadata');
require('../dist/cli').main([process.argv[0], path.join(root, 'bin', 'loongate.js'), 'serve', ...process.argv.slice(2)]);
