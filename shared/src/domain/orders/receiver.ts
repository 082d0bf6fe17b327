/**
 * The receiver of an order (收货人): an address as four parts, a phone that most staff see
 * masked, and the item attributes (颜色分类, 尺码) as the rulebook's notes write them. Pure.
 */

export interface AddressParts {
  /** 省 / 自治区 / 直辖市 (北京市, 上海市, 天津市, 重庆市). */
  province: string;
  /** 市 / 自治州 / 地区 / 盟; a municipality repeats its name (上海市 上海市 浦东新区). */
  city: string;
  /** 区 / 县 / 县级市 / 旗; empty when the buyer wrote none. */
  district: string;
  /** Street, number, building, room. */
  street: string;
}

const MUNICIPALITIES = ['北京', '上海', '天津', '重庆'];
const PROVINCE = /^(.{2,3}?省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|新疆维吾尔自治区|香港特别行政区|澳门特别行政区|(?:北京|上海|天津|重庆)市?)/;
const CITY = /^(.+?(?:自治州|地区|盟|市))/;
const DISTRICT = /^(.+?(?:新区|自治县|自治旗|区|县|市|旗))/;

/**
 * Splits one line of address, as buyers write it and the marketplace exports it
 * (`浙江省杭州市西湖区文三路100号`, `浙江省 杭州市 西湖区 文三路100号 (310000)`,
 * `上海 浦东新区 张江路1号`), into its parts. Returns null when no province can be found:
 * the caller asks for the parts instead of guessing.
 */
export function parseAddress(line: string): AddressParts | null {
  // Postcodes in brackets or at the end are not part of the address; whitespace separates parts.
  let rest = line
    .replace(/[（(]\s*\d{6}\s*[)）]/g, ' ')
    .replace(/\s+\d{6}\s*$/, ' ')
    .trim();
  if (!rest) return null;
  const parts = rest.split(/[\s,，]+/).filter(Boolean);
  rest = parts.join('');

  const province = PROVINCE.exec(rest)?.[1];
  if (!province) return null;
  rest = rest.slice(province.length);
  const municipality = MUNICIPALITIES.find((name) => province.startsWith(name));
  const provinceName = municipality ? `${municipality}市` : province;

  let city: string;
  if (municipality) {
    // 上海市上海市浦东新区…, 上海市市辖区…, 北京市县… all happen in exports.
    for (const repeat of [`${municipality}市`, '市辖区', '县']) {
      if (rest.startsWith(repeat) && rest.length > repeat.length && DISTRICT.test(rest.slice(repeat.length))) {
        rest = rest.slice(repeat.length);
        break;
      }
    }
    city = provinceName;
  } else {
    const found = CITY.exec(rest)?.[1];
    if (!found || found.length > 12) return null;
    city = found;
    rest = rest.slice(found.length);
  }

  let district = '';
  const foundDistrict = DISTRICT.exec(rest)?.[1];
  // A district name is short; a long match is the street swallowing a 区 (e.g. a 小区).
  if (foundDistrict && foundDistrict.length <= 8 && !/[路街道号弄巷村]|(小|园|社|校|厂|景|营业)区$/.test(foundDistrict)) {
    district = foundDistrict;
    rest = rest.slice(foundDistrict.length);
  }
  const street = rest.trim();
  if (!street) return null;
  return { province: provinceName, city, district, street };
}

/** The address in one line, as the note and the waybill print it (a municipality once). */
export function formatAddress(address: AddressParts): string {
  const city = address.city === address.province ? '' : address.city;
  return `${address.province}${city}${address.district}${address.street}`;
}

/** 138****5678: the first three and the last four digits, whatever the number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** A mainland mobile (11 digits from 1) or a landline with its area code (010-12345678). */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

/**
 * An item's attributes as the notes write them: `黑色38码`. A bare number of a size gets 码
 * (shoe sizes); anything else (均码, 38.5码, M) is kept as written.
 */
export function itemAttributes(item: { colour: string | null; size: string | null }): string {
  const size = item.size ? (/^\d+(\.\d)?$/.test(item.size) ? `${item.size}码` : item.size) : '';
  return `${item.colour ?? ''}${size}`;
}

/**
 * Splits the marketplace's 商品属性 (`颜色分类：黑色;尺码：38`) or a typed `黑色 38码` into
 * colour and size; what is not recognised stays in colour so nothing is lost.
 */
export function parseAttributes(text: string): { colour: string | null; size: string | null } {
  const trimmed = text.trim();
  if (!trimmed) return { colour: null, size: null };
  const pairs = trimmed.split(/[;；]/).map((part) => part.split(/[:：]/).map((s) => s.trim()));
  if (pairs.every((pair) => pair.length === 2)) {
    let colour: string | null = null;
    let size: string | null = null;
    for (const [key, value] of pairs as Array<[string, string]>) {
      if (/颜色|色/.test(key)) colour = value || null;
      else if (/尺码|尺寸|码/.test(key)) size = value.replace(/码$/, '') || null;
    }
    if (colour !== null || size !== null) return { colour, size };
  }
  const match = /^(.*?)\s*(\d{2}(?:\.\d)?)\s*码?$/.exec(trimmed);
  if (match && match[1]) return { colour: match[1].trim(), size: match[2]! };
  return { colour: trimmed, size: null };
}
