import { z } from 'zod';
import { IdParams } from '@kefu/shared/schemas/common';
import { NewStaff, Staff, StaffPatch } from '@kefu/shared/schemas/staff';
import type { Api } from '../../platform/http.ts';
import type { StaffService } from './staff.service.ts';

export function staffRoutes(api: Api, staff: StaffService): void {
  api.route({ method: 'get', path: '/api/staff', summary: 'The staff list (no password hashes; base wages only for the supervisor, the manager and oneself)', tag: 'staff', access: 'staff', response: z.array(Staff) }, ({ actor }) => staff.list(actor));

  api.route(
    { method: 'post', path: '/api/staff', summary: 'Create a staff member', tag: 'staff', access: ['supervisor'], body: NewStaff, status: 201, response: Staff },
    ({ body, actor }) => staff.create(body, actor),
  );

  api.route(
    { method: 'patch', path: '/api/staff/:id', summary: 'Change roles, name, wage, password or active flag; disabling ends the account’s sessions at once', tag: 'staff', access: ['supervisor'], params: IdParams, body: StaffPatch, response: Staff },
    ({ params, body, actor }) => staff.update(params.id, body, actor),
  );
}
