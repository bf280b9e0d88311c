// Records what a build was made from, so `npm start` can start from dist/ when it is current and rebuild when not.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Files and folders (relative to the project root) whose content the build depends on. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const STAMP = path.join('dist', '.build-inputs');

function listFiles(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [rel];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => listFiles(root, path.join(rel, name)));
}

/** A digest of the names and contents of every build input under `root`. */
function inputsDigest(root) {
  const hash = crypto.createHash('sha256');
  for (const rel of INPUTS.flatMap((input) => listFiles(root, input))) {
    hash
      .update(`${rel.split(path.sep).join('/')}\0`)
      .update(fs.readFileSync(path.join(root, rel)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Record that dist/ under `root` was built from the current inputs. */
function writeStamp(root) {
  fs.writeFileSync(path.join(root, STAMP), `${inputsDigest(root)}\n`);
}

/** Whether dist/ under `root` holds a build of the current inputs. */
function buildIsCurrent(root) {
  const stamp = path.join(root, STAMP);
  if (!fs.existsSync(stamp) || !fs.existsSync(path.join(root, 'dist', 'cli.js'))) return false;
  return fs.readFileSync(stamp, 'utf8').trim() === inputsDigest(root);
}

module.exports = { buildIsCurrent, inputsDigest, writeStamp, INPUTS };

if (require.main === module && process.argv[2] === 'write') writeStamp(path.join(__dirname, '..'));
