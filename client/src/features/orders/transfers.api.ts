import { BankTransfer, BankTransfersList, type NewBankTransfer, type TransferStatus } from '@kefu/shared/schemas/bank-transfers';
import { api } from '../../lib/api.ts';

// The bank-transfer register (docs/orders.md "Bank transfers"), parsed with the shared schemas.

export const listTransfers = async (status: TransferStatus) => BankTransfersList.parse(await api.get(`/api/bank-transfers?status=${status}`));
export const enterTransfer = async (orderNo: string, transfer: NewBankTransfer) => BankTransfer.parse(await api.post(`/api/orders/${encodeURIComponent(orderNo)}/bank-transfers`, transfer));
export const attachProof = async (id: number, file: Blob) => BankTransfer.parse(await api.upload(`/api/bank-transfers/${id}/proof`, file, 'application/octet-stream'));
export const confirmTransfer = async (transfer: BankTransfer) => BankTransfer.parse(await api.post(`/api/bank-transfers/${transfer.id}/confirm`, { version: transfer.version }));
export const cancelTransfer = async (transfer: BankTransfer, reason: string) => BankTransfer.parse(await api.post(`/api/bank-transfers/${transfer.id}/cancel`, { version: transfer.version, reason }));
export const proofUrl = (id: number) => `/api/bank-transfers/${id}/proof`;
