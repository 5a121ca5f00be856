/**
 * Parsing of the "one header per line, `Field: Value`" settings. Values may hold
 * placeholders; names may not.
 */
export interface HeaderLine {
  name: string;
  value: string;
}

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Set by the HTTP client from the request itself; a configured value would corrupt the request. */
const FORBIDDEN = new Set(["content-length", "host", "transfer-encoding", "connection"]);

/** Parses header lines; `problems` says what is wrong with which line (1-based). */
export function parseHeaderLines(text: string): { headers: HeaderLine[]; problems: string[] } {
  const headers: HeaderLine[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const where = `line ${index + 1}`;
    if (line.trim() === "") return;
    // eslint-disable-next-line no-control-regex
    if (/[\r\u0000]/.test(line)) return problems.push(`${where}: contains a carriage return or NUL character`);
    const colon = line.indexOf(":");
    if (colon <= 0) return problems.push(`${where}: '${line.slice(0, 60)}' is not of the form 'Field: Value'`);
    const name = line.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) {
      return problems.push(`${where}: '${name.slice(0, 60)}' is not a valid header name (letters, digits and - only)`);
    }
    if (FORBIDDEN.has(name.toLowerCase())) {
      return problems.push(`${where}: the ${name} header is set automatically and cannot be configured`);
    }
    headers.push({ name, value: line.slice(colon + 1).trim() });
  });
  return { headers, problems };
}
