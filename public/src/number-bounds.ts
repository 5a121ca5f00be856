/**
 * The API's bounds of its number fields, read from its own OpenAPI document, which is
 * derived from the schemas it validates with: the form's inputs carry the same `min` and
 * `max`, written nowhere else. Fetched once per page load; without it (an old proxy, a
 * network error) the inputs have no bounds and the API still says what is wrong.
 */
export interface Bounds {
  minimum?: number;
  maximum?: number;
}

type Schemas = Record<string, { properties?: Record<string, Bounds> }>;

let schemas: Promise<Schemas> | null = null;

function loadSchemas(): Promise<Schemas> {
  schemas ??= fetch("api/openapi.json")
    .then((res) => (res.ok ? res.json() : null))
    .then((doc: { components?: { schemas?: Schemas } } | null) => doc?.components?.schemas ?? {})
    .catch(() => ({}));
  return schemas;
}

/** The bounds of each number field of the API's schema `name` (`Settings`, `AuthSettingsInput`). */
export async function numberBounds(name: string): Promise<Record<string, Bounds>> {
  return (await loadSchemas())[name]?.properties ?? {};
}
