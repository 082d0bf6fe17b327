import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../lib/outbox.ts';
import { pendingItems, type LocalUpload, type SendPayload } from './pending.ts';

const entry = (clientId: string, payload: Partial<SendPayload>, overrides: Partial<OutboxEntry<SendPayload>> = {}): OutboxEntry<SendPayload> => ({
  clientId,
  payload: { clientId, ...payload },
  state: 'queued',
  attempts: 0,
  error: null,
  queuedAt: 0,
  ...overrides,
});

const upload = (clientId: string, overrides: Partial<LocalUpload> = {}): LocalUpload => ({
  clientId,
  conversationId: null,
  file: new Blob([]),
  mime: 'image/png',
  previewUrl: `blob:${clientId}`,
  state: 'uploading',
  error: null,
  queuedAt: 0,
  ...overrides,
});

const options = { imageUrl: (id: string) => `/api/buyer/images/${id}`, previews: new Map([['img-sent', 'blob:img-sent']]) };

describe('what shows as pending under the stored messages', () => {
  it('shows uploads and unacked messages in the order they were written, each with its mark', () => {
    const items = pendingItems(
      [upload('img-up', { queuedAt: 2 }), upload('img-bad', { state: 'failed', error: new Error('413'), queuedAt: 4 })],
      [entry('txt-1', { text: '在吗' }, { queuedAt: 1 }), entry('txt-2', { text: '还在吗' }, { state: 'failed', queuedAt: 3, error: { code: 'conflict', message: 'closed' } })],
      [],
      options,
    );
    expect(items.map((i) => [i.clientId, i.kind, i.state, i.stage])).toEqual([
      ['txt-1', 'text', 'sending', 'send'],
      ['img-up', 'image', 'sending', 'upload'],
      ['txt-2', 'text', 'failed', 'send'],
      ['img-bad', 'image', 'failed', 'upload'],
    ]);
  });

  it('shows a sent image from its local preview, or from the server once the preview is gone', () => {
    const items = pendingItems([], [entry('img-sent', { imageId: 'abcdefghijklmnop' }), entry('img-old', { imageId: 'qrstuvwxyzabcdef' })], [], options);
    expect(items.map((i) => i.imageUrl)).toEqual(['blob:img-sent', '/api/buyer/images/qrstuvwxyzabcdef']);
  });

  it('drops what the server already stored, so nothing shows twice', () => {
    const items = pendingItems([], [entry('txt-1', { text: '在吗' })], [{ conversationId: 7, seq: 1, clientId: 'txt-1' }], options);
    expect(items).toEqual([]);
  });
});
