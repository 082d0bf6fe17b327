import { describe, expect, it } from 'vitest';
import { formatAddress, itemAttributes, maskPhone, parseAddress, parseAttributes, PHONE_PATTERN } from './receiver.ts';

describe('an address written on one line is split into its parts', () => {
  it.each<[string, [string, string, string, string] | null]>([
    ['浙江省杭州市西湖区文三路100号', ['浙江省', '杭州市', '西湖区', '文三路100号']],
    ['浙江省 杭州市 西湖区 文三路100号 (310000)', ['浙江省', '杭州市', '西湖区', '文三路100号']],
    ['浙江省,杭州市,西湖区,文三路100号', ['浙江省', '杭州市', '西湖区', '文三路100号']],
    ['上海市浦东新区张江路1号', ['上海市', '上海市', '浦东新区', '张江路1号']],
    ['上海 上海市 浦东新区 张江路1号', ['上海市', '上海市', '浦东新区', '张江路1号']],
    ['北京市市辖区朝阳区建国路88号', ['北京市', '北京市', '朝阳区', '建国路88号']],
    ['广东省深圳市南山区科技园南区1栋', ['广东省', '深圳市', '南山区', '科技园南区1栋']],
    ['江苏省苏州市昆山市花桥镇商务大道8号', ['江苏省', '苏州市', '昆山市', '花桥镇商务大道8号']],
    ['新疆维吾尔自治区乌鲁木齐市天山区解放南路1号', ['新疆维吾尔自治区', '乌鲁木齐市', '天山区', '解放南路1号']],
    ['四川省凉山彝族自治州西昌市长安街2号', ['四川省', '凉山彝族自治州', '西昌市', '长安街2号']],
    ['黑龙江省哈尔滨市南岗区西大直街92号', ['黑龙江省', '哈尔滨市', '南岗区', '西大直街92号']],
    ['湖南省长沙市阳光小区5栋', ['湖南省', '长沙市', '', '阳光小区5栋']],
    ['文三路100号', null],
    ['浙江省杭州市', null],
    ['   ', null],
  ])('%s', (line, expected) => {
    const parsed = parseAddress(line);
    expect(parsed && [parsed.province, parsed.city, parsed.district, parsed.street]).toEqual(expected);
  });

  it('prints a municipality once and everything else in order', () => {
    expect(formatAddress({ province: '上海市', city: '上海市', district: '浦东新区', street: '张江路1号' })).toBe('上海市浦东新区张江路1号');
    expect(formatAddress({ province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' })).toBe('浙江省杭州市西湖区文三路100号');
  });
});

describe('a phone is masked for those who do not handle the change', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['0571-88886666', '057****6666'],
    ['010-1234567', '010****4567'],
    ['1234567', '*******'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows the middle digits of a mobile', () => {
    expect(maskPhone('13812345678')).not.toContain('1234');
  });

  it.each([
    ['13812345678', true],
    ['0571-88886666', true],
    ['057188886666', true],
    ['1381234567', false],
    ['23812345678', false],
    ['138-1234-5678', false],
  ])('%s is a phone: %s', (phone, ok) => {
    expect(PHONE_PATTERN.test(phone)).toBe(ok);
  });
});

describe('item attributes', () => {
  it.each<[string | null, string | null, string]>([
    ['黑色', '38', '黑色38码'],
    ['黑色', '38.5', '黑色38.5码'],
    ['灰色', '均码', '灰色均码'],
    ['黑色', null, '黑色'],
    [null, '37', '37码'],
  ])('%s + %s → %s', (colour, size, text) => {
    expect(itemAttributes({ colour, size })).toBe(text);
  });

  it.each<[string, string | null, string | null]>([
    ['颜色分类：黑色;尺码：38', '黑色', '38'],
    ['颜色分类:酒红;尺码:36码', '酒红', '36'],
    ['尺码：39；颜色分类：灰色', '灰色', '39'],
    ['黑色 38码', '黑色', '38'],
    ['白色37', '白色', '37'],
    ['限量款', '限量款', null],
    ['', null, null],
  ])('%s → %s / %s', (text, colour, size) => {
    expect(parseAttributes(text)).toEqual({ colour, size });
  });
});
