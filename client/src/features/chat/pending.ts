/**
 * What a person wrote that the server has not stored yet: images still uploading, and
 * messages in the outbox. Shown after the stored messages with a pending mark (or a
 * failure and a retry button) until the server's copy arrives.
 */
import type { ImageType } from '@kefu/shared/schemas/chat';
import type { OutboxEntry } from '../../lib/outbox.ts';
import { stillPending, type Sequenced } from './timeline.ts';

/** An image on its way to the server (the upload comes before the message). */
export interface LocalUpload {
  clientId: string;
  /** The staff side: where it goes. */
  conversationId: number | null;
  file: Blob;
  mime: ImageType;
  previewUrl: string;
  state: 'uploading' | 'failed';
  error: unknown;
  queuedAt: number;
}

/** A new upload, shown at once from a local preview while the file travels. */
export function newLocalUpload(clientId: string, conversationId: number | null, file: Blob, mime: ImageType, now: number): LocalUpload {
  return { clientId, conversationId, file, mime, previewUrl: URL.createObjectURL(file), state: 'uploading', error: null, queuedAt: now };
}

export interface PendingItem {
  clientId: string;
  kind: 'text' | 'image';
  text: string | null;
  /** A local preview (object URL) or the uploaded image's URL. */
  imageUrl: string | null;
  state: 'sending' | 'failed';
  /** Why it failed: the server's message, or the upload's error. */
  error: unknown;
  /** 'upload': retry uploads again; 'send': retry sends the message again. */
  stage: 'upload' | 'send';
  queuedAt: number;
}

export interface SendPayload {
  clientId: string;
  text?: string;
  imageId?: string;
}

/**
 * The pending items to show, oldest first: uploads, then outbox entries, minus anything the
 * server already stored (an ack and a `message:new` may arrive in either order).
 */
export function pendingItems<P extends SendPayload>(
  uploads: readonly LocalUpload[],
  outbox: readonly OutboxEntry<P>[],
  stored: readonly Sequenced[],
  options: { imageUrl(imageId: string): string; previews: ReadonlyMap<string, string> },
): PendingItem[] {
  const items: PendingItem[] = [
    ...uploads.map(
      (upload): PendingItem => ({
        clientId: upload.clientId,
        kind: 'image',
        text: null,
        imageUrl: upload.previewUrl,
        state: upload.state === 'failed' ? 'failed' : 'sending',
        error: upload.error,
        stage: 'upload',
        queuedAt: upload.queuedAt,
      }),
    ),
    ...outbox.map(
      (entry): PendingItem => ({
        clientId: entry.clientId,
        kind: entry.payload.imageId ? 'image' : 'text',
        text: entry.payload.text ?? null,
        imageUrl: entry.payload.imageId ? (options.previews.get(entry.clientId) ?? options.imageUrl(entry.payload.imageId)) : null,
        state: entry.state === 'failed' ? 'failed' : 'sending',
        error: entry.error,
        stage: 'send',
        queuedAt: entry.queuedAt,
      }),
    ),
  ];
  return stillPending(items, stored).sort((a, b) => a.queuedAt - b.queuedAt);
}
