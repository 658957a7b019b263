import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from './api-keys';

export const ROLES = Symbol('waybill:roles');

/** The roles that may call a route. `admin` may always call it. */
export const Roles = (...roles: ApiRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
