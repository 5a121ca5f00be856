import pkg from "../package.json" with { type: "json" };

/** The service's version, from package.json (embedded in the executable at build time). */
export const VERSION: string = pkg.version;
export const USER_AGENT = `iacbox-webhooks/${VERSION}`;
