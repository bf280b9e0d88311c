import { getNamedType, type GraphQLInputObjectType, isInputObjectType, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_FIELD, mayCarryKey, mutationFieldsOf } from '../../src/graphql/idempotency-key';
import { buildLoongateSchemaSync } from '../../src/graphql/schema';

const schema = buildLoongateSchemaSync();
const operation = (doc: ReturnType<typeof parse>) => doc.definitions[0] as OperationDefinitionNode;

describe('idempotencyKey in the schema', () => {
  it('every mutation takes one, in its input or as an argument, and no other input type has one', () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const keyedInputs = new Set<GraphQLInputObjectType>();
    for (const field of mutations) {
      const input = field.args.find((a) => a.name === 'input');
      const type = input && getNamedType(input.type);
      if (type && isInputObjectType(type)) {
        expect(type.getFields()[IDEMPOTENCY_KEY_FIELD]?.type.toString(), `${field.name}(input)`).toBe('String');
        keyedInputs.add(type);
      } else {
        expect(field.args.find((a) => a.name === IDEMPOTENCY_KEY_FIELD)?.type.toString(), field.name).toBe('String');
      }
    }
    expect(keyedInputs.size).toBeGreaterThan(20);
    const others = Object.values(schema.getTypeMap()).filter((t) => isInputObjectType(t) && !keyedInputs.has(t) && IDEMPOTENCY_KEY_FIELD in t.getFields());
    expect(others.map((t) => t.name)).toEqual([]);
    const queries = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.some((a) => a.name === IDEMPOTENCY_KEY_FIELD));
    expect(queries.map((f) => f.name)).toEqual([]);
  });

  it('reads the key wherever the request puts it, and leaves it out of what the request asks', () => {
    const inline = parse('mutation { closeTicket(input: {ticketId: 1, suggestion: "s", idempotencyKey: "k1"}) { id } }');
    const byVariable = parse('mutation ($input: TicketActionInput!) { ... on Mutation { closeTicket(input: $input) { id } } }');
    const [a] = mutationFieldsOf(schema, inline, operation(inline), {})!;
    const [b] = mutationFieldsOf(schema, byVariable, operation(byVariable), { input: { idempotencyKey: 'k1', suggestion: 's', ticketId: 1 } })!;
    expect(a).toEqual(b);
    expect(a.key).toBe('k1');
    expect(JSON.stringify(a.request)).not.toContain('k1');

    const asArgument = parse('mutation ($k: String, $skip: Boolean!) { deleteDept(id: 3, idempotencyKey: $k) other: deleteDept(id: 4) @skip(if: $skip) }');
    expect(mutationFieldsOf(schema, asArgument, operation(asArgument), { k: 'k2', skip: true })!.map((f) => [f.name, f.key])).toEqual([['deleteDept', 'k2']]);
    expect(mutationFieldsOf(schema, asArgument, operation(asArgument), { k: 'k2', skip: false })).toHaveLength(2);
    expect(mutationFieldsOf(schema, asArgument, operation(asArgument), { k: 'k2' })).toBeNull();
  });

  it('tells requests that cannot carry a key apart without reading them', () => {
    expect(mayCarryKey('mutation { deleteDept(id: 1) }', {})).toBe(false);
    expect(mayCarryKey('mutation ($i: X) { a(input: $i) { id } }', { i: { title: 't' } })).toBe(false);
    expect(mayCarryKey('mutation ($i: X) { a(input: $i) { id } }', { i: { idempotencyKey: 'k' } })).toBe(true);
    expect(mayCarryKey('mutation { deleteDept(id: 1, idempotencyKey: "k") }', undefined)).toBe(true);
  });
});
