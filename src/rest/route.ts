import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RouteInput } from './params';
import type { PresentContext } from './presenters/format';

/** A documented parameter of a route (for OpenAPI). */
export interface ParamDoc {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  type: 'integer' | 'string';
  description: string;
}

/** One row of the REST table: a loonflow route mapped onto a named GraphQL operation. */
export interface RouteDef<TData = unknown, TVars = Record<string, unknown>> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** The loonflow path under /api/v1.0, with `{id}` placeholders. */
  path: string;
  summary: string;
  document: TypedDocumentNode<TData, TVars>;
  params?: ParamDoc[];
  /** JSON schema of the body, when the route takes one. */
  body?: Record<string, unknown>;
  /** Map path, query and body onto the operation's variables (throws BAD_INPUT naming the parameter). */
  variables(input: RouteInput): TVars;
  /** Shape the operation's data into loonflow's `data`. */
  present(data: TData, p: PresentContext, input: RouteInput): unknown;
  /** loonflow's success message. */
  message?: string;
  /** A file to send instead of the JSON envelope, when the request asks for one (null: the envelope). */
  download?(data: TData, input: RouteInput): { type: string; filename: string; body: string } | null;
  /** An example of `data` for the OpenAPI document. */
  example?: unknown;
}

/** Declare a route with its types inferred from the document. */
export function route<TData, TVars>(def: RouteDef<TData, TVars>): RouteDef<TData, TVars> {
  return def;
}

/** The path parameter `{id}`. */
export const ID_PARAM: ParamDoc = { name: 'id', in: 'path', required: true, type: 'integer', description: 'ticket id' };
