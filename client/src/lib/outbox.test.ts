import type { AckError } from '@kefu/shared/events';
import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxEntry } from './outbox.ts';

type Payload = { clientId: string; text: string };
type Ack = { seq: number };

/** A server the test answers by hand: each attempt waits until the test resolves or rejects it. */
function fakeServer() {
  const attempts: Array<{ payload: Payload; resolve(r: Ack | AckError): void; reject(e: Error): void }> = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const state = { connected: true };
  const acked: string[] = [];
  const refused: string[] = [];
  const make = (storage?: { load(): OutboxEntry<Payload>[]; save(e: OutboxEntry<Payload>[]): void }) =>
    new Outbox<Payload, Ack>({
      send: (payload) => new Promise((resolve, reject) => attempts.push({ payload, resolve, reject })),
      isConnected: () => state.connected,
      onAcked: (clientId) => acked.push(clientId),
      onRefused: (clientId) => refused.push(clientId),
      retryDelayMs: () => 1000,
      now: () => 0,
      setTimer: (fn, ms) => {
        const timer = { fn, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (handle) => {
        (handle as { cleared: boolean }).cleared = true;
      },
      ...(storage ? { storage } : {}),
    });
  const fireTimers = () => {
    for (const timer of timers.splice(0)) if (!timer.cleared) timer.fn();
  };
  return { attempts, timers, state, acked, refused, make, fireTimers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const msg = (clientId: string): Payload => ({ clientId, text: `text of ${clientId}` });

describe('the outbox keeps a message pending until the server acks it', () => {
  it('sends one message at a time, oldest first, and forgets each once acked', async () => {
    const server = fakeServer();
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    outbox.enqueue('b-000002', msg('b-000002'));
    expect(server.attempts.map((a) => a.payload.clientId)).toEqual(['a-000001']);
    expect(outbox.list().map((e) => e.state)).toEqual(['sending', 'queued']);

    server.attempts[0]!.resolve({ seq: 1 });
    await settle();
    expect(server.acked).toEqual(['a-000001']);
    expect(server.attempts.map((a) => a.payload.clientId)).toEqual(['a-000001', 'b-000002']);
    server.attempts[1]!.resolve({ seq: 2 });
    await settle();
    expect(outbox.list()).toEqual([]);
  });

  it('sends the same clientId again after a lost ack, and not before the retry delay', async () => {
    const server = fakeServer();
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    server.attempts[0]!.reject(new Error('operation has timed out'));
    await settle();
    expect(outbox.list()[0]).toMatchObject({ state: 'queued', attempts: 1 });
    expect(server.attempts).toHaveLength(1);
    expect(server.timers.map((t) => t.ms)).toEqual([1000]);

    server.fireTimers();
    expect(server.attempts.map((a) => a.payload)).toEqual([msg('a-000001'), msg('a-000001')]);
    server.attempts[1]!.resolve({ seq: 1 });
    await settle();
    expect(server.acked).toEqual(['a-000001']);
    expect(outbox.list()).toEqual([]);
  });

  it('waits while offline and sends everything, in order, when the connection is back', async () => {
    const server = fakeServer();
    server.state.connected = false;
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    outbox.enqueue('b-000002', msg('b-000002'));
    expect(server.attempts).toHaveLength(0);
    expect(outbox.list().map((e) => e.state)).toEqual(['queued', 'queued']);

    server.state.connected = true;
    outbox.resume();
    server.attempts[0]!.resolve({ seq: 1 });
    await settle();
    server.attempts[1]!.resolve({ seq: 2 });
    await settle();
    expect(server.acked).toEqual(['a-000001', 'b-000002']);
  });

  it('drops a connection mid-send: the message waits for the reconnect, then goes again', async () => {
    const server = fakeServer();
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    server.state.connected = false;
    server.attempts[0]!.reject(new Error('disconnected before the ack'));
    await settle();
    expect(server.timers).toHaveLength(0);
    server.state.connected = true;
    outbox.resume();
    expect(server.attempts).toHaveLength(2);
  });

  it.each([
    ['rate_limited', 'queued'],
    ['unavailable', 'queued'],
    ['internal', 'queued'],
    ['invalid', 'failed'],
    ['forbidden', 'failed'],
    ['conflict', 'failed'],
    ['payload_too_large', 'failed'],
  ])('after an error ack %s the message is %s', async (code, state) => {
    const server = fakeServer();
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    server.attempts[0]!.resolve({ error: { code, message: 'no' } });
    await settle();
    expect(outbox.list()[0]).toMatchObject({ state, error: { code } });
    expect(server.refused).toEqual(state === 'failed' ? ['a-000001'] : []);
  });

  it('lets a refused message be retried by hand or discarded, and does not hold back the next one', async () => {
    const server = fakeServer();
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    outbox.enqueue('b-000002', msg('b-000002'));
    server.attempts[0]!.resolve({ error: { code: 'conflict', message: 'closed' } });
    await settle();
    expect(server.attempts.map((a) => a.payload.clientId)).toEqual(['a-000001', 'b-000002']);
    server.attempts[1]!.resolve({ seq: 5 });
    await settle();

    outbox.retry('a-000001');
    expect(server.attempts).toHaveLength(3);
    server.attempts[2]!.resolve({ error: { code: 'conflict', message: 'still closed' } });
    await settle();
    outbox.discard('a-000001');
    expect(outbox.list()).toEqual([]);
  });

  it('does not queue the same clientId twice, and settles one the server delivered by another way', async () => {
    const server = fakeServer();
    server.state.connected = false;
    const outbox = server.make();
    outbox.enqueue('a-000001', msg('a-000001'));
    outbox.enqueue('a-000001', msg('a-000001'));
    expect(outbox.list()).toHaveLength(1);
    outbox.settle('a-000001');
    expect(outbox.list()).toEqual([]);
  });

  it('keeps its messages across a page reload, and sends again the one that was in flight', () => {
    const server = fakeServer();
    let saved: OutboxEntry<Payload>[] = [];
    const storage = { load: () => saved, save: (entries: OutboxEntry<Payload>[]) => void (saved = entries) };
    server.state.connected = true;
    const first = server.make(storage);
    first.enqueue('a-000001', msg('a-000001'));
    first.close();
    expect(saved.map((e) => e.state)).toEqual(['sending']);

    const second = server.make(storage);
    expect(second.list().map((e) => [e.clientId, e.state])).toEqual([['a-000001', 'queued']]);
    second.resume();
    expect(server.attempts.map((a) => a.payload.clientId)).toEqual(['a-000001', 'a-000001']);
  });
});
