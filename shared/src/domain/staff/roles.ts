/**
 * Staff roles (domain.md "People and roles"). A person can hold several; the supervisor
 * assigns them. Buyers are not staff and have no role here.
 */
export const ROLES = ['supervisor', 'manager', 'presale', 'aftersale', 'printer', 'warehouse'] as const;
export type Role = (typeof ROLES)[number];

/** The console's sections; each later issue fills one. */
export const SECTIONS = ['chat', 'orders', 'tracking', 'aftersale', 'recall', 'disputes', 'complaints', 'printing', 'warehouse', 'scoring', 'kpis', 'inspection', 'myScore', 'myKpis', 'myInspections', 'staff', 'roster', 'attendance'] as const;
export type Section = (typeof SECTIONS)[number];

const SECTIONS_OF_ROLE: Record<Role, readonly Section[]> = {
  supervisor: ['chat', 'orders', 'tracking', 'aftersale', 'recall', 'disputes', 'complaints', 'scoring', 'kpis', 'inspection', 'myScore', 'staff', 'roster', 'attendance'],
  manager: ['scoring', 'kpis', 'staff'],
  // complaints (客户投诉, issue 15): registered from the chat by any agent, run by the handler and the supervisor.
  // tracking (订单跟踪): the printers' alert channel, for those it is for and those who ask.
  // 质检: the supervisor inspects; pre-sale and after-sale read and answer their own.
  presale: ['chat', 'orders', 'tracking', 'complaints', 'myScore', 'myKpis', 'myInspections', 'roster', 'attendance'],
  aftersale: ['chat', 'aftersale', 'recall', 'disputes', 'complaints', 'orders', 'tracking', 'myScore', 'myKpis', 'myInspections', 'roster', 'attendance'],
  // 售后登记: printers record exchange waybills and recalled parcels, the warehouse signs returns (已验收).
  printer: ['printing', 'recall', 'orders', 'tracking', 'aftersale', 'myScore', 'roster', 'attendance'],
  warehouse: ['warehouse', 'aftersale', 'myScore', 'roster', 'attendance'],
};

/** The sections a person with these roles sees, in the console's fixed order. */
export function sectionsFor(roles: readonly Role[]): Section[] {
  const allowed = new Set(roles.flatMap((role) => SECTIONS_OF_ROLE[role]));
  return SECTIONS.filter((section) => allowed.has(section));
}

export function hasAnyRole(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.some((role) => roles.includes(role));
}
