import { CHANGE_WRITERS } from '@kefu/shared/domain/orders/changes';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { ChangeIdParams, ChangeRequest, ChangesList, NewChange } from '@kefu/shared/schemas/changes';
import { OrderNoParams } from '@kefu/shared/schemas/orders';
import type { Api } from '../../platform/http.ts';
import type { OrderChangesService } from './order-changes.service.ts';

const TAG = 'orders';

/** A buyer's change or cancellation (docs/orders.md "Changes"). */
export function orderChangesRoutes(api: Api, changes: OrderChangesService): void {
  api.route(
    { method: 'get', path: '/api/orders/:orderNo/changes', summary: 'The order’s change requests, oldest first', tag: TAG, access: ORDER_READERS, params: OrderNoParams, response: ChangesList },
    ({ params }) => changes.list(params.orderNo),
  );
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/changes',
      summary:
        'Record a buyer’s change {kind: attribute|address|special|cancel, ...fields, version, buyerConfirmed?, urgent?}: decided by the order’s state as the rulebook’s table; a paid order cancelled opens its refund case',
      tag: TAG,
      access: CHANGE_WRITERS,
      params: OrderNoParams,
      body: NewChange,
      status: 201,
      response: ChangeRequest,
    },
    ({ params, body, actor }) => changes.request(params.orderNo, body, actor),
  );
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/changes/:id/confirm',
      summary: 'The buyer confirmed the change in chat: the printers are alerted now',
      tag: TAG,
      access: CHANGE_WRITERS,
      params: ChangeIdParams,
      response: ChangeRequest,
    },
    ({ params, actor }) => changes.confirm(params.orderNo, params.id, actor),
  );
}
