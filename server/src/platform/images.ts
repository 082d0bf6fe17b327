/**
 * Uploaded images (chat pictures, scoring evidence) on disk under UPLOAD_DIR/<area>/YYYY-MM/<id>.<ext>;
 * the database keeps the relative path. The type is sniffed from the bytes (JPEG, PNG,
 * WebP), never taken from the request. Who may see an image is the owning module's rule.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import { AppError } from '@kefu/shared/errors';
import { IMAGE_EXTENSIONS, sniffImageType } from '@kefu/shared/domain/chat/images';
import { MAX_IMAGE_BYTES, type ImageType } from '@kefu/shared/schemas/chat';

/** Reads a raw request body up to `max` bytes; more is 413 (checked while reading, not after). */
export async function readRawBody(req: Request, max = MAX_IMAGE_BYTES, what: 'image' | 'file' = 'image'): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max, what);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.unpipe();
      req.resume();
      throw tooLarge(max, what);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(max: number, what: 'image' | 'file'): AppError {
  const megabytes = Math.round(max / 1024 / 1024);
  return new AppError('payload_too_large', `An ${what} may be at most ${megabytes} MB`, { reason: `${what}_too_large`, megabytes });
}

export class ImageStore {
  constructor(private readonly root: string) {}

  /** Checks the bytes are a JPEG, PNG or WebP (by content) and writes them under `area`; returns the new id and path. */
  async save(bytes: Buffer, now: Date, area = 'chat'): Promise<{ id: string; mime: ImageType; relativePath: string }> {
    if (bytes.length === 0) throw new AppError('invalid', 'The image is empty', { reason: 'image_empty' });
    const mime = sniffImageType(bytes);
    if (!mime) throw new AppError('invalid', 'Only JPEG, PNG and WebP images can be sent', { reason: 'image_type' });
    const id = randomBytes(18).toString('base64url');
    const relativePath = path.posix.join(area, now.toISOString().slice(0, 7), `${id}.${IMAGE_EXTENSIONS[mime]}`);
    const absolute = this.absolute(relativePath);
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, bytes, { flag: 'wx' });
    return { id, mime, relativePath };
  }

  async remove(relativePath: string): Promise<void> {
    await unlink(this.absolute(relativePath)).catch(() => undefined);
  }

  absolute(relativePath: string): string {
    const absolute = path.resolve(this.root, relativePath);
    if (!absolute.startsWith(path.resolve(this.root) + path.sep)) throw new AppError('not_found', 'No such image');
    return absolute;
  }
}

/** Sends a stored image inline, never sniffed by the browser, cached only privately. */
export function sendImage(res: Response, image: { path: string; mime: string }): Promise<void> {
  res.setHeader('Content-Type', image.mime);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('Cache-Control', 'private, max-age=86400');
  return new Promise((resolve, reject) => res.sendFile(image.path, { headers: { 'Content-Type': image.mime } }, (err) => (err ? reject(err) : resolve())));
}
