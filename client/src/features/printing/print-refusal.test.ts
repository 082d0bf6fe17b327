import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { refusalsOf } from './print-refusal.ts';

describe('reading a refused batch', () => {
  it.each([
    ['a 409 with refused orders', new ApiError(409, 'conflict', 'x', { refused: [{ orderNo: 'A1', reason: 'status', status: 'shipped' }] }), [{ orderNo: 'A1', reason: 'status', status: 'shipped' }]],
    ['a 409 naming an alert', new ApiError(409, 'conflict', 'x', { refused: [{ orderNo: 'A2', reason: 'alert 7 is open', details: { alertId: 7 } }] }), [{ orderNo: 'A2', reason: 'alert 7 is open', details: { alertId: 7 } }]],
    ['another error', new ApiError(400, 'invalid', 'x', { refused: [{ orderNo: 'A1', reason: 'status' }] }), []],
    ['a 409 without details', new ApiError(409, 'conflict', 'x'), []],
  ])('%s', (_name, error, refusals) => expect(refusalsOf(error)).toEqual(refusals));
});
