import { randomInt } from 'node:crypto';

const WAYBILL = /^(\d{9})(\d)$/;
/** DHL Express piece IDs ("license plates"): `JD` and 18 digits, e.g. JD014600006281230704. */
const SANDBOX_PIECE_ID = /^JD01460000(\d{10})$/;

/** DHL Express: the nine data digits as one integer, mod 7 (carriers.md §6; tracking-number-data dhl.json). */
export function dhlExpressCheckDigit(serial: string): number {
  if (!/^\d{9,10}$/.test(serial)) throw new RangeError('A DHL Express serial is 9 or 10 digits');
  return Number(serial) % 7;
}

/**
 * A fresh 10-digit DHL Express waybill number: nine random digits (no leading zero, as printed
 * waybills have none) and the mod-7 check digit. Uniqueness is the caller's job (the parcel
 * store's unique index).
 */
export function newDhlTrackingNumber(): string {
  const serial = String(randomInt(100_000_000, 1_000_000_000));
  return `${serial}${dhlExpressCheckDigit(serial)}`;
}

/** True for a 10-digit waybill number whose check digit matches. */
export function isValidDhlTrackingNumber(value: string): boolean {
  const match = WAYBILL.exec(value);
  return match !== null && dhlExpressCheckDigit(match[1]) === Number(match[2]);
}

/** The sandbox's one piece per shipment, numbered after its waybill so it can be looked up. */
export function dhlPieceId(waybill: string): string {
  return `JD01460000${waybill}`;
}

/** The waybill a sandbox piece ID belongs to; null for anything else. */
export function waybillOfPieceId(pieceId: string): string | null {
  return SANDBOX_PIECE_ID.exec(pieceId)?.[1] ?? null;
}
