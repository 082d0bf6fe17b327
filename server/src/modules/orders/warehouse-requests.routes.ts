import { WAREHOUSE_ASKERS } from '@kefu/shared/domain/orders/alerts';
import { Alert, NewWarehouseRequest } from '@kefu/shared/schemas/alerts';
import { OrderNoParams } from '@kefu/shared/schemas/orders';
import type { Api } from '../../platform/http.ts';
import type { WarehouseRequestsService } from './warehouse-requests.service.ts';

/** Requests to the warehouse (docs/orders.md "Requests to the warehouse"); the clerks answer on /api/alerts. */
export function warehouseRequestsRoutes(api: Api, requests: WarehouseRequestsService): void {
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/warehouse-requests',
      summary:
        'Ask the warehouse {kind: stock_check|fetch_documents|fetch_parcel|find_parcel, detail?, urgent?}: the buyer ID, receiver, address and order are copied from the order, signed and dated; answered on /api/alerts (audience warehouse)',
      tag: 'orders',
      access: WAREHOUSE_ASKERS,
      params: OrderNoParams,
      body: NewWarehouseRequest,
      status: 201,
      response: Alert,
    },
    ({ params, body, actor }) => requests.request(params.orderNo, body, actor),
  );
}
