/** FedEx writes times as ISO-8601 local time with the place's offset: `2024-04-26T09:26:00-07:00`. */

const pad = (value: number): string => String(value).padStart(2, '0');

export function formatFedexOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock reading at a place with a fixed offset, as a Date whose UTC fields hold it. */
function wallClock(instant: Date, offsetMinutes: number): Date {
  return new Date(instant.getTime() + offsetMinutes * 60_000);
}

/** `YYYY-MM-DD`, the local calendar day. */
export function fedexLocalDate(instant: Date, offsetMinutes: number): string {
  return wallClock(instant, offsetMinutes).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SS±HH:MM`, local time with its offset. */
export function fedexLocalDateTime(instant: Date, offsetMinutes: number): string {
  return `${wallClock(instant, offsetMinutes).toISOString().slice(0, 19)}${formatFedexOffset(offsetMinutes)}`;
}

/** Midnight of the local day, which is how FedEx writes date-only values (SHIP, ESTIMATED_DELIVERY). */
export function fedexLocalDayStart(instant: Date, offsetMinutes: number): string {
  return `${fedexLocalDate(instant, offsetMinutes)}T00:00:00${formatFedexOffset(offsetMinutes)}`;
}
