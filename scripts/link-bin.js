// npm does not link a package's own bin into its node_modules/.bin; tools call node_modules/.bin/loongate.
const fs = require('node:fs');
const path = require('node:path');

const binDir = path.join(__dirname, '..', 'node_modules', '.bin');
const link = path.join(binDir, 'loongate');
fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.join('..', '..', 'bin', 'loongate.js'), link);
