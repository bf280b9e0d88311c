#!/usr/bin/env node
// Rewrite the REST route table between the markers in README.md from the route table (after a build).
const fs = require('node:fs');
const path = require('node:path');
const { ROUTES } = require('../dist/rest/routes');
const { routeTableMarkdown } = require('../dist/rest/route-table');

const file = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(file, 'utf8');
const block = `<!-- routes:start -->\n${routeTableMarkdown(ROUTES)}\n<!-- routes:end -->`;
fs.writeFileSync(file, readme.replace(/<!-- routes:start -->[\s\S]*<!-- routes:end -->/, block));
