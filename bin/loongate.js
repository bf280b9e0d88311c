#!/usr/bin/env node
require('./node-env').defaultToProduction(process.argv[2]);
require('reflect-metadata');
require('../dist/cli').main(process.argv);
