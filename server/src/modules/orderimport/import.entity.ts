import { EntitySchema } from 'typeorm';
import { instant } from '../../platform/columns.ts';

/** A seller note (订单备注) as imported from the back office; `signed` false flags it (P04). */
export interface ImportedNoteRow {
  id: number;
  orderId: number;
  text: string;
  textSha: string;
  signed: boolean;
  signedBy: string | null;
  signedOn: string | null;
  importedBy: number;
  importedAt: Date;
}

export const ImportedNoteEntity = new EntitySchema<ImportedNoteRow>({
  name: 'OrderImportedNote',
  tableName: 'order_imported_note',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    orderId: { name: 'order_id', type: 'int' },
    text: { type: 'varchar', length: 1000 },
    textSha: { name: 'text_sha', type: 'char', length: 64 },
    signed: { type: 'boolean' },
    signedBy: { name: 'signed_by', type: 'varchar', length: 20, nullable: true },
    signedOn: { name: 'signed_on', type: 'char', length: 10, nullable: true },
    importedBy: { name: 'imported_by', type: 'int' },
    importedAt: instant('imported_at'),
  },
});

export const importEntities = [ImportedNoteEntity];
