import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('waybill:public');

/**
 * Marks a route that needs no API key: health, the OpenAPI document, the sandbox emulators (which
 * check their own carrier-style credentials). Everything else requires a key by default.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
