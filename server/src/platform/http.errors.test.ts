import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AppError } from '@kefu/shared/errors';
import { errorHandler } from './http.ts';
import type { Logger } from './log.ts';

/** A logger that keeps what it was told, by level. */
function recording(): { log: Logger; lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return { log, lines };
}

function response(headersSent: boolean) {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    headersSent,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  return { res: res as unknown as Response, sent };
}

const req = { requestId: 'r1', method: 'GET', path: '/assets/app.js' } as unknown as Request;
const next = (() => undefined) as NextFunction;

describe('the error handler', () => {
  it('a file download the browser abandoned is not an error: logged at debug, nothing sent', () => {
    const { log, lines } = recording();
    const { res, sent } = response(true);
    errorHandler(log)(Object.assign(new Error('Request aborted'), { code: 'ECONNABORTED' }), req, res, next);
    expect(lines).toEqual([{ level: 'debug', message: 'request aborted by the client' }]);
    expect(sent).toEqual({});
  });

  it('an unexpected error is logged as an error and answered 500 with the internal code', () => {
    const { log, lines } = recording();
    const { res, sent } = response(false);
    errorHandler(log)(new Error('boom'), req, res, next);
    expect(lines).toEqual([{ level: 'error', message: 'request failed' }]);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ error: { code: 'internal' } });
  });

  it('an AppError is answered with its own status and not logged', () => {
    const { log, lines } = recording();
    const { res, sent } = response(false);
    errorHandler(log)(new AppError('not_found', 'No such order'), req, res, next);
    expect(lines).toEqual([]);
    expect(sent.status).toBe(404);
  });
});
