import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintUserToken } from '../../src/services/mint-token';
import { dialects } from '../support/db';
import { MY_TODO } from '../support/tokens';
import { twoServers } from '../support/two-servers';

describe.each(dialects())('signing secrets and apps changed through one server, with two servers on one database (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof twoServers>>;
  beforeAll(async () => {
    t = await twoServers(dialect);
  });
  afterAll(() => t?.close());

  const asToken = (server: number, token: string) =>
    request(t.servers[server]!.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${token}` })
      .send({ query: MY_TODO });
  const rotate = async (id: number) => {
    const res = await t.gql(0, 'mutation($id: Int!) { rotateAppSigningSecret(id: $id) { signingSecret } }', { id });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.rotateAppSigningSecret.signingSecret as string;
  };

  it('a secret issued or rotated through one server is the only one the other accepts on its next request', async () => {
    expect((await t.rest(1, '/workflows')).body.code).toBe(0);
    const first = await rotate(1);
    const token = await mintUserToken({ secret: first, app: 'ops', username: 'webb', lifetimeSeconds: 300 });
    expect((await asToken(1, token)).body.errors).toBeUndefined();
    const second = await rotate(1);
    expect((await asToken(1, token)).body.errors?.[0]?.extensions?.code).toBe('TOKEN_BAD_SIGNATURE');
    const fresh = await mintUserToken({ secret: second, app: 'ops', username: 'webb', lifetimeSeconds: 300 });
    expect((await asToken(1, fresh)).body.errors).toBeUndefined();
  });

  it('an app deleted through one server is refused by the other at once, its token and its per-user tokens alike', async () => {
    const created = await t.gql(0, 'mutation { createApp(input: { name: "spa", workflowIds: [1] }) { token app { id } } }', {});
    const { token, app } = created.body.data.createApp;
    const secret = await rotate(app.id);
    const user = await mintUserToken({ secret, app: 'spa', username: 'webb', lifetimeSeconds: 300 });
    const appToken = () =>
      request(t.servers[1]!.app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${token}`, username: 'webb' })
        .send({ query: MY_TODO });
    expect((await asToken(1, user)).body.errors).toBeUndefined();
    expect((await appToken()).body.errors).toBeUndefined();
    expect((await t.gql(0, `mutation { deleteApp(id: ${app.id}) }`, {})).body.data.deleteApp).toBe(true);
    expect((await asToken(1, user)).body.errors?.[0]?.extensions?.code).toBe('TOKEN_INVALID');
    expect((await appToken()).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a user deleted through one server: the other refuses their per-user token at once', async () => {
    const secret = await rotate(1);
    const token = await mintUserToken({ secret, app: 'ops', username: 'webb', lifetimeSeconds: 300 });
    expect((await asToken(1, token)).body.errors).toBeUndefined();
    expect((await t.gql(0, 'mutation { deleteUser(id: 2) }', {})).body).toEqual({ data: { deleteUser: true } });
    const refused = await asToken(1, token);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('TOKEN_UNKNOWN_USER');
    expect(refused.body.errors?.[0]?.message).toContain('"webb", who does not exist');
  });
});
