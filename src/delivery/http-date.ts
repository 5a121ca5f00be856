/**
 * HTTP dates (RFC 9110 §5.6.7). A recipient must accept all three formats; anything
 * else is not a date, however `Date.parse` would read it (it takes "-5" or "1.5" for
 * days in 2001).
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(?<month>${MONTHS.join("|")})`;
const TIME = "(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)";
const FORMATS = [
  // Sun, 06 Nov 1994 08:49:37 GMT: the one senders must use
  new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<day>\\d\\d) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  // Sunday, 06-Nov-94 08:49:37 GMT
  new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<day>\\d\\d)-${MONTH}-(?<year>\\d\\d) ${TIME} GMT$`),
  // Sun Nov  6 08:49:37 1994
  new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
];

/** The time in ms an HTTP date names, or null when `value` is not one (or names no real day or time). */
export function parseHttpDate(value: string, now: number): number | null {
  const parts = FORMATS.map((format) => format.exec(value)?.groups).find((groups) => groups !== undefined);
  if (!parts) return null;
  const year = parts.year!.length === 2 ? twoDigitYear(Number(parts.year), now) : Number(parts.year);
  const [month, day, hour, minute, second] = [MONTHS.indexOf(parts.month!), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)];
  // 60 is a leap second
  if (hour > 23 || minute > 59 || second > 60) return null;
  const at = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls 31 Feb over into March: such a day is no date
  const check = new Date(at);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month && check.getUTCDate() === day ? at : null;
}

/** A two-digit year more than 50 years ahead is the latest past year with those digits (RFC 9110). */
function twoDigitYear(digits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  const year = current - (current % 100) + digits;
  return year > current + 50 ? year - 100 : year;
}
