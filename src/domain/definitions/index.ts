export { DefinitionError, formatPath, type DefinitionIssue } from './errors';
export { parseDefinitions, parseDocument } from './parse';
export * from './plan';
export { DEFAULT_CONTENT_TEMPLATE, DEFAULT_TITLE_TEMPLATE } from './schema-workflow';
export { validateDefinitions, type ValidateOptions } from './validate';
