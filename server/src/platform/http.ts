import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { AppError, httpStatusOf } from '@kefu/shared/errors';
import { hasAnyRole, type Role } from '@kefu/shared/domain/staff/roles';
import type { SessionUser } from '@kefu/shared/schemas/staff';
import { parse } from './validation.ts';
import type { Logger } from './log.ts';
import { isOutage, OUTAGE_MESSAGE } from './outage.ts';

/** Who is asking: a logged-in staff member (checked against the database on every request). */
export interface Actor extends SessionUser {
  ip: string | null;
}

/**
 * A buyer with a chat session (cookie `kefu.buyer`, see modules/chat). Never a staff
 * member: staff access reads only the staff cookie, buyer access only the buyer cookie.
 */
export interface BuyerActor {
  /** A signed link's marketplace ID, or the anonymous visitor's own `~…` id. */
  buyerId: string;
  orderNo: string | null;
  /** What to call them: the marketplace ID, or the name the visitor gave. */
  name: string;
  /** True only for a buyer who arrived through a signed link. */
  verified: boolean;
  token: string;
  ip: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    buyer?: BuyerActor;
    /** Set for every request (requestIds): in the logs and the X-Request-Id answer header. */
    requestId?: string;
  }
}

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is a plain token (a proxy's),
 * else a new UUID; answered in `X-Request-Id` and written on the request's log lines.
 */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    req.requestId = given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', req.requestId);
    next();
  };
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** 'public': anyone; 'staff': any logged-in staff member; 'buyer': a buyer with a chat session; or the staff roles allowed (any of them). */
  access: 'public' | 'staff' | 'buyer' | readonly Role[];
  body?: B;
  query?: Q;
  params?: P;
  /** The success status; a handler returning undefined answers 204. */
  status?: number;
  response?: z.ZodType;
}

export interface Ctx<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The staff member (staff and role access). */
  actor: Actor;
  /** The buyer (access 'buyer' only). */
  buyer: BuyerActor;
  req: Request;
  res: Response;
}

interface Documented {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: RouteSpec<z.ZodType, z.ZodType, z.ZodType>['access'];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  status: number;
  response?: z.ZodType;
}

/**
 * The one way to declare an API route: the same zod schemas validate the request and
 * write the OpenAPI document, and the access rule is checked before the handler runs.
 */
export class Api {
  readonly router = express.Router();
  readonly documented: Documented[] = [];

  constructor(
    private readonly authenticate: (req: Request) => Promise<Actor | null>,
    private readonly authenticateBuyer: (req: Request) => Promise<BuyerActor | null> = async () => null,
  ) {}

  route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<B, Q, P>,
    handler: (ctx: Ctx<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown> | unknown,
  ): void {
    const status = spec.status ?? 200;
    this.documented.push({ ...spec, status });
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      let actor: Actor | null = null;
      let buyer: BuyerActor | null = null;
      if (spec.access === 'buyer') {
        buyer = await this.authenticateBuyer(req);
        if (!buyer) throw new AppError('unauthenticated', 'Please start a chat first');
      } else if (spec.access !== 'public') {
        actor = await this.authenticate(req);
        if (!actor) throw new AppError('unauthenticated', 'Please log in first');
        if (spec.access !== 'staff' && !hasAnyRole(actor.roles, spec.access)) {
          throw new AppError('forbidden', `This action needs the role ${spec.access.join(' or ')}`);
        }
      }
      const params = spec.params ? parse(spec.params, req.params, 'params') : undefined;
      const query = spec.query ? parse(spec.query, req.query, 'query') : undefined;
      const body = spec.body ? parse(spec.body, req.body, 'body') : undefined;
      const result = await handler({ body, query, params, actor: actor as Actor, buyer: buyer as BuyerActor, req, res } as Ctx<z.output<B>, z.output<Q>, z.output<P>>);
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(status).json(result);
    });
  }
}

/** Maps every error to `{ error: { code, message, details? } }` with its status, in one place. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    const where = { requestId: req.requestId, method: req.method, path: req.path };
    // The browser went away while a file was being sent (a tab closed or a page left while its
    // scripts loaded): nobody to answer, and nothing went wrong here.
    if ((err as { code?: unknown } | null)?.code === 'ECONNABORTED') {
      log.debug('request aborted by the client', where);
      return;
    }
    if (appError.code === 'internal') log.error('request failed', { ...where, err: err instanceof Error ? err.stack : String(err) });
    else if (appError.code === 'unavailable' && !(err instanceof AppError)) log.warn('request refused: a dependency is down', { ...where, err: err instanceof Error ? err.message : String(err) });
    if (res.headersSent) return;
    res.status(httpStatusOf(appError.code)).json(appError.toBody());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('bad_json', 'The request body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is larger than 1 MB');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('invalid', 'The request body must be UTF-8 JSON');
  }
  if (isOutage(err)) return new AppError('unavailable', OUTAGE_MESSAGE);
  return new AppError('internal', 'Something went wrong on our side; please try again');
}

/** Requests that reach no route under /api. */
export function notFound(req: Request): never {
  throw new AppError('not_found', `No such API route: ${req.method} ${req.path}`);
}

/** Builds the OpenAPI 3.1 document from the declared routes and their zod schemas. */
export function openApiDocument(routes: readonly Documented[]): unknown {
  const toSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    const access =
      route.access === 'public'
        ? 'anyone'
        : route.access === 'staff'
          ? 'any logged-in staff member'
          : route.access === 'buyer'
            ? 'a buyer with a chat session (cookie kefu.buyer)'
            : `roles: ${route.access.join(', ')}`;
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      description: `Access: ${access}.`,
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body) } } } } : {}),
      responses: {
        [String(route.status)]: route.response
          ? { description: 'Success', content: { 'application/json': { schema: toSchema(route.response) } } }
          : { description: 'Success' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      ...(route.access === 'public' ? {} : { security: [route.access === 'buyer' ? { buyer: [] } : { session: [] }] }),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kefu console API', version: '0.1.0', description: 'The customer-service console of an online shop.' },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kefu.sid' }, buyer: { type: 'apiKey', in: 'cookie', name: 'kefu.buyer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}
