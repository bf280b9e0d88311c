#!/usr/bin/env node
require('reflect-metadata');
require('../dist/cli').main(process.argv);
