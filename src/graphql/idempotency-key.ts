import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  GraphQLIncludeDirective,
  type GraphQLInputField,
  type GraphQLSchema,
  GraphQLSkipDirective,
  GraphQLString,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** The name of the key a mutation carries in its input (or as an argument when it takes no input object). */
export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';

const DESCRIPTION =
  'Idempotency key, like the Idempotency-Key header (1 to 255 visible ASCII characters, e.g. a UUID per action): a repeat ' +
  'with the same key and arguments gets the first answer without running again. One keyed mutation per request.';

const keyDefinition = (): GraphQLInputField & GraphQLArgument => ({
  name: IDEMPOTENCY_KEY_FIELD,
  description: DESCRIPTION,
  type: GraphQLString,
  defaultValue: undefined,
  deprecationReason: undefined,
  extensions: {},
  astNode: undefined,
});

/**
 * Give every mutation an optional `idempotencyKey`: a field of its `input` object when it takes one, else an
 * argument of its own. Added once here, not declared on each input class: the key is handled around the
 * resolvers (the idempotent-mutations plugin reads it from the operation before it runs), and type-graphql
 * hands resolvers only the fields their classes declare, so no resolver or service ever sees it. A mutation
 * added later gets its key without anyone remembering to.
 */
export function withIdempotencyKeys(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const input = field.args.find((arg) => arg.name === 'input');
    const inputType = input && getNamedType(input.type);
    if (inputType && isInputObjectType(inputType)) {
      inputType.getFields()[IDEMPOTENCY_KEY_FIELD] ??= keyDefinition();
    } else if (!field.args.some((arg) => arg.name === IDEMPOTENCY_KEY_FIELD)) {
      (field.args as GraphQLArgument[]).push(keyDefinition());
    }
  }
  return schema;
}

/** One root field of a mutation operation: its name, the key it carries, and what it asks without the key. */
export interface MutationField {
  name: string;
  key: string | null;
  /** The field as sent (alias, selection, the fragments it may use) and its arguments as coerced, key left out. */
  request: unknown;
}

/**
 * Whether a request may carry a key in a mutation's input or arguments: its document names the key, or a
 * variable is an object holding it (an `input` passed whole as a variable). Cheap enough for every request, so
 * those without any key skip reading their operation.
 */
export function mayCarryKey(document: string | undefined, variables: Record<string, unknown> | undefined): boolean {
  if (document?.includes(IDEMPOTENCY_KEY_FIELD)) return true;
  return Object.values(variables ?? {}).some((v) => typeof v === 'object' && v !== null && Object.hasOwn(v, IDEMPOTENCY_KEY_FIELD));
}

const included = (node: SelectionNode, variables: Record<string, unknown>) =>
  getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;

function rootFields(document: DocumentNode, selections: SelectionSetNode, variables: Record<string, unknown>, into: FieldNode[]): FieldNode[] {
  for (const node of selections.selections) {
    if (!included(node, variables)) continue;
    if (node.kind === Kind.FIELD) into.push(node);
    else if (node.kind === Kind.INLINE_FRAGMENT) rootFields(document, node.selectionSet, variables, into);
    else {
      const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === node.name.value);
      if (fragment) rootFields(document, fragment.selectionSet, variables, into);
    }
  }
  return into;
}

function withoutKey(args: Record<string, unknown>): Record<string, unknown> {
  const { [IDEMPOTENCY_KEY_FIELD]: _key, ...rest } = args;
  const input = rest.input;
  if (input === null || typeof input !== 'object') return rest;
  const { [IDEMPOTENCY_KEY_FIELD]: _inputKey, ...fields } = input as Record<string, unknown>;
  return { ...rest, input: fields };
}

/**
 * The mutations a mutation operation runs (its root fields, fragments and @skip/@include applied) with their
 * keys, as execution will see them: null when the variables do not coerce or an argument is invalid, for
 * execution then refuses the operation and nothing runs.
 */
export function mutationFieldsOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): MutationField[] | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const mutations = schema.getMutationType();
  if (coerced.errors || !mutations) return null;
  const fragments = document.definitions
    .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((d) => print(d))
    .sort();
  const out: MutationField[] = [];
  for (const node of rootFields(document, operation.selectionSet, coerced.coerced, [])) {
    const definition = mutations.getFields()[node.name.value];
    if (!definition) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, coerced.coerced);
    } catch {
      return null;
    }
    const input = args.input as Record<string, unknown> | null | undefined;
    const key = (input?.[IDEMPOTENCY_KEY_FIELD] ?? args[IDEMPOTENCY_KEY_FIELD] ?? null) as string | null;
    out.push({ name: node.name.value, key, request: { field: print({ ...node, arguments: [] }), arguments: withoutKey(args), fragments } });
  }
  return out;
}
