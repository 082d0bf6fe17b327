import { ExchangesList, type ExchangeShipment } from '@kefu/shared/schemas/exchanges';
import { api } from '../../lib/api.ts';

// Exchanges shipped (docs/recall.md "Exchanges shipped"), parsed with the shared schemas.
export const listExchanges = async () => ExchangesList.parse(await api.get('/api/exchanges'));
export const markPrinted = async (caseId: number) => ExchangesList.parse(await api.post(`/api/exchanges/${caseId}/printed`));
export const markShipped = async (caseId: number, input: ExchangeShipment) => ExchangesList.parse(await api.post(`/api/exchanges/${caseId}/shipped`, input));
export const tellBuyer = async (caseId: number) => ExchangesList.parse(await api.post(`/api/exchanges/${caseId}/tell-buyer`));
export const followUp = async (caseId: number, note: string) => ExchangesList.parse(await api.post(`/api/exchanges/${caseId}/follow-up`, { note }));
/** The printable exchange waybill of one exchange, and the day's exchange batch behind its label (换货 YYYY.MM.DD 姓名). */
const viewLang = (lang: string) => (lang === 'en' ? 'en' : 'zh-CN');
export const exchangeViewUrl = (caseId: number, lang: string) => `/api/exchanges/view?caseId=${caseId}&lang=${viewLang(lang)}`;
export const exchangeBatchViewUrl = (day: string, lang: string) => `/api/exchanges/view?day=${day}&lang=${viewLang(lang)}`;
