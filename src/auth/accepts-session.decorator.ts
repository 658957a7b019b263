import { SetMetadata } from '@nestjs/common';

export const ACCEPTS_SESSION = Symbol('waybill:accepts-session');

/**
 * Lets a browser's signed-in session cookie stand in for the API key on this route (the dashboard's
 * pages and the Temporal UI's codec calls). Everywhere else only `Authorization: Bearer` counts, so
 * a cookie the browser sends on its own can never act on the control API.
 */
export const AcceptsSession = (): MethodDecorator & ClassDecorator => SetMetadata(ACCEPTS_SESSION, true);
