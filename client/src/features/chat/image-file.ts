/**
 * Checks an image before it is uploaded, as the server will (docs/chat.md: JPEG, PNG or
 * WebP, at most 5 MB, the type read from the bytes, never the name), so a person learns
 * at once why a photo cannot go instead of after the upload.
 */
import { sniffImageType } from '@kefu/shared/domain/chat/images';
import { MAX_IMAGE_BYTES, type ImageType } from '@kefu/shared/schemas/chat';

export type ImageCheck = { ok: true; mime: ImageType } | { ok: false; problem: 'too_large' | 'not_image' | 'empty' };

/** The verdict on a file of `size` bytes that starts with `head` (its first bytes; 16 are enough). */
export function checkImage(head: Uint8Array, size: number): ImageCheck {
  if (size === 0) return { ok: false, problem: 'empty' };
  if (size > MAX_IMAGE_BYTES) return { ok: false, problem: 'too_large' };
  const mime = sniffImageType(head);
  return mime ? { ok: true, mime } : { ok: false, problem: 'not_image' };
}

export async function checkImageFile(file: Blob): Promise<ImageCheck> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return checkImage(head, file.size);
}

/** The accept attribute of the file inputs (the content is checked anyway). */
export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp';
