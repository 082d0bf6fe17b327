import { EntitySchema } from 'typeorm';
import { instant } from '../../platform/columns.ts';

/** Shop-wide settings the console keeps for itself (the generated session secret, capacities, …). */
export interface SettingRow {
  key: string;
  value: string;
  updatedAt: Date;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'setting',
  columns: {
    key: { name: 'setting_key', type: 'varchar', length: 64, primary: true },
    value: { type: 'text' },
    updatedAt: instant('updated_at'),
  },
});
