import { describe, expect, it } from 'vitest';
import { postageRefundRefusal, postageRefusal, type PostageFacts, type PostageRefundRefusal, type PostageRefusal } from './postage.ts';

const base: PostageFacts = { quality: false, qualityLocation: null, liningInsole: false, returnPayer: null, photoCount: 0 };

describe('postage rules (A02, A03, A04)', () => {
  it.each<[string, Partial<PostageFacts>, PostageRefusal | null]>([
    ['not quality, buyer pays the return', { returnPayer: 'buyer' }, null],
    ['not quality, nothing agreed yet', {}, null],
    ['not quality, shop pays both ways (A02)', { returnPayer: 'shop' }, 'shop_pays_not_quality'],
    ['quality without a location (A03)', { quality: true, returnPayer: 'buyer' }, 'quality_location_required'],
    ['quality with a blank location (A03)', { quality: true, qualityLocation: '   ' }, 'quality_location_required'],
    ['quality, located, shop pays, no photos (A04)', { quality: true, qualityLocation: '左脚鞋头开胶', returnPayer: 'shop' }, 'photos_required'],
    ['quality, located, shop pays, one photo', { quality: true, qualityLocation: '左脚鞋头开胶', returnPayer: 'shop', photoCount: 1 }, null],
    ['quality lining/insole, shop pays, no photos (exempt)', { quality: true, qualityLocation: '右脚鞋垫', liningInsole: true, returnPayer: 'shop' }, null],
    ['quality, located, postage not agreed yet, no photos', { quality: true, qualityLocation: '鞋跟' }, null],
    ['quality, located, buyer pays, no photos', { quality: true, qualityLocation: '鞋跟', returnPayer: 'buyer' }, null],
    ['not quality but lining flagged, shop pays', { liningInsole: true, returnPayer: 'shop' }, 'shop_pays_not_quality'],
  ])('%s', (_name, facts, expected) => {
    expect(postageRefusal({ ...base, ...facts })).toBe(expected);
  });
});

describe('refunding the postage the buyer advanced', () => {
  const at = new Date('2026-11-29T03:00:00Z');
  type Facts = Parameters<typeof postageRefundRefusal>[0];
  const ready: Facts = { returnPayer: 'shop', postageAdvancedFen: 1200, receivedAt: at, status: 'received', postageRefundedAt: null };
  it.each<[string, Partial<Facts>, PostageRefundRefusal | null]>([
    ['received, shop postage, amount known', {}, null],
    ['already refunded the goods too', { status: 'refunded' }, null],
    ['exchange shipped', { status: 'exchange_shipped' }, null],
    ['buyer pays the postage', { returnPayer: 'buyer' }, 'not_shop_postage'],
    ['postage not agreed', { returnPayer: null }, 'not_shop_postage'],
    ['no amount entered', { postageAdvancedFen: null }, 'no_amount'],
    ['zero amount', { postageAdvancedFen: 0 }, 'no_amount'],
    ['not yet received', { receivedAt: null, status: 'awaiting_return' }, 'not_received'],
    ['rejected after receipt', { status: 'rejected' }, 'not_received'],
    ['refunded once already', { postageRefundedAt: at }, 'already_refunded'],
  ])('%s', (_name, change, expected) => {
    expect(postageRefundRefusal({ ...ready, ...change })).toBe(expected);
  });
});
