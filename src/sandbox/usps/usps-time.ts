/** USPS writes local times without a zone, GMT times with `Z`, and offsets as "-05:00". */

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function shifted(instant: Date, offsetMinutes: number): Date {
  return new Date(instant.getTime() + offsetMinutes * 60_000);
}

export function formatUspsOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2024-11-22": the local calendar date at a place with the given fixed offset. */
export function uspsLocalDate(instant: Date, offsetMinutes: number): string {
  const d = shifted(instant, offsetMinutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "13:58": the local time of day, to the minute. */
export function uspsLocalClock(instant: Date, offsetMinutes: number): string {
  const d = shifted(instant, offsetMinutes);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "2024-11-22T13:58:00": local, truncated to the minute, as `eventTimestamp` is in live answers. */
export function uspsLocalTimestamp(instant: Date, offsetMinutes: number): string {
  return `${uspsLocalDate(instant, offsetMinutes)}T${uspsLocalClock(instant, offsetMinutes)}:00`;
}

/** "2024-11-22T18:58:40Z": UTC to the second. */
export function uspsGmtTimestamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** "2024-11-15 11:09:19.000000", the format of `mailPieceIntakeDate` in the karrio fixture. */
export function uspsIntakeDate(instant: Date, offsetMinutes: number): string {
  const d = shifted(instant, offsetMinutes);
  return `${uspsLocalDate(instant, offsetMinutes)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.000000`;
}

/** "1:58 pm", the 12-hour clock USPS writes in its texts. */
function twelveHourClock(d: Date): string {
  const hours = d.getUTCHours();
  return `${hours % 12 === 0 ? 12 : hours % 12}:${pad(d.getUTCMinutes())} ${hours < 12 ? 'am' : 'pm'}`;
}

/** "1:58 pm on November 22, 2024", as USPS writes times in its summary sentences. */
export function uspsSpokenTime(instant: Date, offsetMinutes: number): string {
  const d = shifted(instant, offsetMinutes);
  return `${twelveHourClock(d)} on ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()}`;
}

/** "06/17/2022, 6:10 am", as USPS writes times in its SUMMARY event lines. */
export function uspsSummaryTime(instant: Date, offsetMinutes: number): string {
  const d = shifted(instant, offsetMinutes);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}, ${twelveHourClock(d)}`;
}
