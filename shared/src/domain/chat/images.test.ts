import { describe, expect, it } from 'vitest';
import { sniffImageType } from './images.ts';

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('image type from the bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0]), 'image/webp'],
    ['GIF', bytes('GIF89a', [1, 0]), null],
    ['a script named .jpg', bytes('<script>alert(1)</script>'), null],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), null],
    ['two bytes of a JPEG', bytes([0xff, 0xd8]), null],
    ['nothing', bytes(), null],
  ])('%s', (_case, data, type) => {
    expect(sniffImageType(data)).toBe(type);
  });
});
