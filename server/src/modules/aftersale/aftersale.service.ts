/**
 * After-sale cases (docs/orders.md): a return, exchange, refund or courier recall opened on
 * an order by after-sale and closed with how it ended. An open case sends the buyer's chat
 * to after-sale. At most one open case per order; every change guarded and audited.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { CASE_READERS, refusalFor, type CaseRefusal } from '@kefu/shared/domain/aftersale/cases';
import type { AfterSaleCase, CasesPage, CasesQuery, CloseCase, NewCase } from '@kefu/shared/schemas/aftersale';
import { audit } from '../audit/audit.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { isDuplicateKey, transactionWithRetry } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { aftersaleRepository, type CaseRecord } from './aftersale.repository.ts';

export function presentCase(record: CaseRecord): AfterSaleCase {
  return {
    id: record.id,
    orderNo: record.orderNo,
    buyerId: record.buyerId,
    kind: record.kind,
    status: record.status,
    reason: record.reason,
    openedBy: { id: record.openedBy, displayName: record.openedByName },
    openedAt: record.openedAt.toISOString(),
    closedBy: record.closedBy === null ? null : { id: record.closedBy, displayName: record.closedByName ?? `#${record.closedBy}` },
    closedAt: record.closedAt ? record.closedAt.toISOString() : null,
    closeNote: record.closeNote,
    version: record.version,
  };
}

const REFUSALS: Record<CaseRefusal, string> = {
  not_shipped: 'has not shipped: a return, an exchange or a recall needs goods that left the shop',
  not_paid: 'was never paid: there is nothing to refund',
  delivered: 'was delivered: a parcel that arrived is a return, not a recall',
};

export class AftersaleService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
  ) {}

  async list(query: CasesQuery): Promise<CasesPage> {
    const cases = await aftersaleRepository.list(this.db.manager, query);
    return { cases: cases.map(presentCase), nextBefore: cases.length === query.limit ? cases[cases.length - 1]!.id : null };
  }

  async open(input: NewCase, actor: Actor): Promise<AfterSaleCase> {
    const now = this.clock();
    const opened = await transactionWithRetry(this.db, async (tx) => {
      // The order's row lock orders this against its moves (a recall while it is marked delivered).
      const order = await ordersRepository.findByNo(tx, input.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${input.orderNo}`, { field: 'orderNo' });
      const refusal = refusalFor(input.kind, order);
      if (refusal) throw new AppError('conflict', `Order ${input.orderNo} ${REFUSALS[refusal]}`, { status: order.status, refusal });
      const existing = await aftersaleRepository.openCaseOf(tx, order.id);
      if (existing) throw new AppError('conflict', `Order ${input.orderNo} already has an open case (#${existing.id}, ${existing.kind})`, { caseId: existing.id });
      let id: number;
      try {
        id = await aftersaleRepository.insert(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: input.kind, reason: input.reason, openedBy: actor.id, openedAt: now });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', `Order ${input.orderNo} already has an open case`);
        throw err;
      }
      await audit(tx, { actorId: actor.id, action: 'aftersale.open', entity: 'after_sale_case', entityId: id, details: input, ip: actor.ip, at: now });
      return (await aftersaleRepository.find(tx, id))!;
    });
    this.announce(opened);
    return presentCase(opened);
  }

  async close(id: number, input: CloseCase, actor: Actor): Promise<AfterSaleCase> {
    const now = this.clock();
    const closed = await transactionWithRetry(this.db, async (tx) => {
      const current = await aftersaleRepository.find(tx, id, { lock: true });
      if (!current) throw new AppError('not_found', `No after-sale case ${id}`);
      if (current.status === 'closed') throw new AppError('conflict', `Case #${id} is already closed`, { status: current.status });
      if (current.version !== input.version) throw new AppError('conflict', `Case #${id} was changed since you opened it; look again`, { version: current.version });
      if (!(await aftersaleRepository.close(tx, id, input.version, { by: actor.id, at: now, note: input.note }))) {
        throw new AppError('conflict', `Case #${id} was changed meanwhile; look again`);
      }
      await audit(tx, { actorId: actor.id, action: 'aftersale.close', entity: 'after_sale_case', entityId: id, details: input, ip: actor.ip, at: now });
      return (await aftersaleRepository.find(tx, id))!;
    });
    this.announce(closed);
    return presentCase(closed);
  }

  private announce(record: CaseRecord): void {
    this.io.to(CASE_READERS.map(rooms.role)).emit('aftersale:changed', { id: record.id, orderNo: record.orderNo, buyerId: record.buyerId, status: record.status, version: record.version });
  }
}
