import { z } from 'zod';
import { plainText } from './text.ts';
import { ROLES } from '../domain/staff/roles.ts';
import { Day, Fen } from './common.ts';

export const RoleSchema = z.enum(ROLES);

export const Username = z
  .string()
  .trim()
  .min(2, 'username must have at least 2 characters')
  .max(32, 'username must have at most 32 characters')
  .regex(/^[a-zA-Z0-9_.-]+$/, 'username may contain only letters, digits, _ . and -');
export const DisplayName = plainText(z.string().trim().min(1, 'displayName must not be empty').max(32), 'displayName', { multiline: false });
export const Password = z.string().min(8, 'password must have at least 8 characters').max(128);
export const Roles = z
  .array(RoleSchema)
  .min(1, 'roles must name at least one role')
  .transform((roles) => [...new Set(roles)]);

export const LoginRequest = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(128),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const NewStaff = z.object({
  username: Username,
  displayName: DisplayName,
  password: Password,
  roles: Roles,
  baseWageFen: Fen,
  /** First day employed; default the day the account is created (a team moving in gives real start dates). */
  employedFrom: Day.optional(),
});
export type NewStaff = z.infer<typeof NewStaff>;

export const StaffPatch = z
  .object({
    displayName: DisplayName,
    roles: Roles,
    baseWageFen: Fen,
    active: z.boolean(),
    password: Password,
    employedFrom: Day,
    /** With active: false, the last day employed (default today). */
    employedUntil: Day,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'the body must change at least one of displayName, roles, baseWageFen, active, password, employedFrom, employedUntil');
export type StaffPatch = z.infer<typeof StaffPatch>;

export const Staff = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  /** Only to the supervisor, the manager and the person themselves (wage privacy, issue 12). */
  baseWageFen: z.number().int().optional(),
  active: z.boolean(),
  employedFrom: z.string(),
  employedUntil: z.string().nullable(),
});
export type Staff = z.infer<typeof Staff>;
