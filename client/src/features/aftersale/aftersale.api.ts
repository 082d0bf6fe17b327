import type { CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import { AfterSaleCase, CasesPage, type CloseCase, type NewCase } from '@kefu/shared/schemas/aftersale';
import { api } from '../../lib/api.ts';

// The after-sale registry's endpoints (docs/orders.md), parsed with the shared schemas.

export interface CasesFilter {
  status?: CaseStatus;
  buyerId?: string;
  orderNo?: string;
  before?: number;
  limit?: number;
}

export async function listCases(filter: CasesFilter = {}): Promise<CasesPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return CasesPage.parse(await api.get(query ? `/api/aftersale/cases?${query}` : '/api/aftersale/cases'));
}

export const openCase = async (input: NewCase) => AfterSaleCase.parse(await api.post('/api/aftersale/cases', input));
export const closeCase = async (id: number, input: CloseCase) => AfterSaleCase.parse(await api.post(`/api/aftersale/cases/${id}/close`, input));
