import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { NewNote, Note, NotesList } from '@kefu/shared/schemas/notes';
import { OrderNoParams } from '@kefu/shared/schemas/orders';
import type { Api } from '../../platform/http.ts';
import type { NotesService } from './notes.service.ts';

const TAG = 'notes';

/** Signed order notes (红旗备注; docs/orders.md "Notes"). */
export function notesRoutes(api: Api, notes: NotesService): void {
  api.route(
    { method: 'get', path: '/api/orders/:orderNo/notes', summary: 'The order’s signed notes, oldest first', tag: TAG, access: ORDER_READERS, params: OrderNoParams, response: NotesList },
    ({ params }) => notes.list(params.orderNo),
  );
  api.route(
    {
      method: 'post',
      path: '/api/orders/:orderNo/notes',
      summary: 'Write a signed note {kind, ...fields}: the text is the rulebook’s template, signed with your name and the shop’s date; a correction names the note it corrects',
      tag: TAG,
      access: ORDER_READERS,
      params: OrderNoParams,
      body: NewNote,
      status: 201,
      response: Note,
    },
    ({ params, body, actor }) => notes.add(params.orderNo, body, actor),
  );
}
