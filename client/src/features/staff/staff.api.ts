import { Staff, type NewStaff, type StaffPatch } from '@kefu/shared/schemas/staff';
import { api } from '../../lib/api.ts';

export async function listStaff(): Promise<Staff[]> {
  return Staff.array().parse(await api.get<unknown>('/api/staff'));
}

export async function createStaff(input: NewStaff): Promise<Staff> {
  return Staff.parse(await api.post<unknown>('/api/staff', input));
}

/** Lifts the login locks of an account (the supervisor); answers how many addresses were locked. */
export async function unlockLogin(id: number): Promise<number> {
  return (await api.post<{ unlockedAddresses: number }>(`/api/staff/${id}/unlock-login`)).unlockedAddresses;
}

export async function updateStaff(id: number, patch: StaffPatch): Promise<Staff> {
  return Staff.parse(await api.patch<unknown>(`/api/staff/${id}`, patch));
}
