import { EntitySchema } from 'typeorm';

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
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});
