/** UPS writes dates as `YYYYMMDD`, times as `HHMMSS` (local) or `HH:MM:SS` (GMT), offsets as `-05:00`. */

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function shifted(instant: Date, offsetMinutes: number): Date {
  return new Date(instant.getTime() + offsetMinutes * 60_000);
}

function compactDate(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function compactTime(d: Date): string {
  return `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

export function formatUpsOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local calendar date at a place with the given fixed offset. */
export function upsLocalDate(instant: Date, offsetMinutes: number): string {
  return compactDate(shifted(instant, offsetMinutes));
}

/** The local time of day at a place with the given fixed offset. */
export function upsLocalTime(instant: Date, offsetMinutes: number): string {
  return compactTime(shifted(instant, offsetMinutes));
}

export interface UpsActivityTimes {
  date: string;
  time: string;
  gmtDate: string;
  /** Colon-separated, unlike the local `time`: that is how live UPS responses write it. */
  gmtTime: string;
  gmtOffset: string;
}

export function upsActivityTimes(instant: Date, offsetMinutes: number): UpsActivityTimes {
  const gmt = compactTime(instant);
  return {
    date: upsLocalDate(instant, offsetMinutes),
    time: upsLocalTime(instant, offsetMinutes),
    gmtDate: compactDate(instant),
    gmtTime: `${gmt.slice(0, 2)}:${gmt.slice(2, 4)}:${gmt.slice(4, 6)}`,
    gmtOffset: formatUpsOffset(offsetMinutes),
  };
}
