/** DHL writes ISO-8601 date-times in the local time of the place, here always with its offset. */

const pad = (value: number): string => String(value).padStart(2, '0');

function localParts(instant: Date, offsetMinutes: number): { date: string; time: string } {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  return {
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
  };
}

export function formatDhlOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2026-03-02T07:00:00`: wall-clock time at the place, no offset. */
function dhlLocalTimestamp(instant: Date, offsetMinutes: number): string {
  const { date, time } = localParts(instant, offsetMinutes);
  return `${date}T${time}`;
}

/** `2026-03-02T07:00:00-08:00`. */
export function dhlOffsetTimestamp(instant: Date, offsetMinutes: number): string {
  return `${dhlLocalTimestamp(instant, offsetMinutes)}${formatDhlOffset(offsetMinutes)}`;
}

/** Local midnight, as an instant, of the day `instant` falls on at the place. */
export function startOfLocalDay(instant: Date, offsetMinutes: number): Date {
  const { date } = localParts(instant, offsetMinutes);
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000);
}
