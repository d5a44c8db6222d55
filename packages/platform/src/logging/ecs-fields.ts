import { ecsErrorOf, type EcsError } from './ecs-error';
import { ecsRequestOf, ecsStatusCodeOf } from './ecs-http';

type Fields = Record<string, unknown>;

/**
 * Renames the fields the code logs whose names ECS gives another meaning, so Elasticsearch can
 * index every line under the ECS template (a string where ECS keeps an object is a mapping
 * conflict, and the line is rejected):
 * - `err` (pino's error key) and an `error` Error become `error.{type,message,stack_trace,code}`;
 *   an `error` string (a dead letter's reason) becomes `error.message`, ahead of the Error's own,
 *   which its stack trace still begins with;
 * - a `url` string (`listening`, `unhandled error`) becomes `url.original`;
 * - Fastify's `req`/`res` on the request line become `http.request.method`, `url.*`,
 *   `client.ip` and `http.response.status_code`.
 * Every other field, `correlationId`, `streamId` and `position` among them, is kept as it is.
 */
export function toEcsFields(fields: Fields): Fields {
  // Most lines have none of these; they pass untouched, without a copy.
  if (!('err' in fields || 'error' in fields || 'url' in fields || 'req' in fields || 'res' in fields)) return fields;
  const { err, error, url, req, res, ...rest } = fields;
  const mapped: Fields = rest;
  const errorFields = errorOf(err, error);
  if (errorFields !== undefined) mapped['error'] = errorFields;

  const request = ecsRequestOf(req);
  const statusCode = ecsStatusCodeOf(res);
  if (req !== undefined && request === undefined) mapped['req'] = req;
  if (res !== undefined && statusCode === undefined) mapped['res'] = res;
  if (request !== undefined || statusCode !== undefined) {
    mapped['http'] = {
      ...(request === undefined ? {} : { request: { method: request.method } }),
      ...(statusCode === undefined ? {} : { response: { status_code: statusCode } }),
    };
  }
  if (request?.clientIp !== undefined) mapped['client'] = { ip: request.clientIp };

  if (request !== undefined) mapped['url'] = request.url;
  else if (typeof url === 'string') mapped['url'] = { original: url };
  else if (url !== undefined) mapped['url'] = url;
  return mapped;
}

function errorOf(err: unknown, error: unknown): Fields | EcsError | undefined {
  const fromErr = err === undefined || err === null ? undefined : ecsErrorOf(err);
  if (error === undefined || error === null) return fromErr;
  if (error instanceof Error) return { ...ecsErrorOf(error), ...fromErr };
  // Already ECS-shaped (PinoNestLogger's `{ stack_trace }`): what `err` says completes it.
  if (typeof error === 'object') return { ...(error as Fields), ...fromErr };
  return { ...fromErr, message: ecsErrorOf(error).message };
}
