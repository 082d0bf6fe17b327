import { MAX_IMAGE_BYTES } from '@kefu/shared/schemas/chat';
import { describe, expect, it } from 'vitest';
import { checkImage, checkImageFile } from './image-file.ts';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
const WEBP_HEAD = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)));
const GIF_HEAD = [...'GIF89a'].map((c) => c.charCodeAt(0));

describe('which photos a person may send', () => {
  it.each([
    { name: 'PNG', head: PNG_HEAD, size: 2_000, expected: { ok: true, mime: 'image/png' } },
    { name: 'JPEG', head: JPEG_HEAD, size: 2_000, expected: { ok: true, mime: 'image/jpeg' } },
    { name: 'WebP', head: WEBP_HEAD, size: 2_000, expected: { ok: true, mime: 'image/webp' } },
    { name: 'PNG of exactly 5 MB', head: PNG_HEAD, size: MAX_IMAGE_BYTES, expected: { ok: true, mime: 'image/png' } },
    { name: 'PNG over 5 MB', head: PNG_HEAD, size: MAX_IMAGE_BYTES + 1, expected: { ok: false, problem: 'too_large' } },
    { name: 'GIF', head: GIF_HEAD, size: 2_000, expected: { ok: false, problem: 'not_image' } },
    { name: 'empty file', head: [], size: 0, expected: { ok: false, problem: 'empty' } },
  ])('$name → $expected', ({ head, size, expected }) => {
    expect(checkImage(new Uint8Array(head), size)).toEqual(expected);
  });

  it('reads the type from the content, not from the name or the claimed type', async () => {
    const renamed = new Blob([new Uint8Array(GIF_HEAD)], { type: 'image/png' });
    expect(await checkImageFile(renamed)).toEqual({ ok: false, problem: 'not_image' });
    const unnamed = new Blob([new Uint8Array(JPEG_HEAD)], { type: '' });
    expect(await checkImageFile(unnamed)).toEqual({ ok: true, mime: 'image/jpeg' });
  });
});
