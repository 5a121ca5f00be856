/**
 * The API reference page: renders /api/openapi.json in the browser with no library and
 * nothing fetched from elsewhere, so it works on a box without internet.
 */
import { h, replace } from "./dom.ts";

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  description?: string;
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}

interface Document {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").at(-1)!;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.oneOf ?? schema.anyOf) return (schema.oneOf ?? schema.anyOf)!.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "object");
}

function schemaTable(schema: Schema) {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return h("p", { class: "mono" }, typeOf(schema));
  return h(
    "table",
    { class: "list" },
    h("thead", {}, h("tr", {}, h("th", {}, "Field"), h("th", {}, "Type"), h("th", {}, "Notes"))),
    h(
      "tbody",
      {},
      ...props.map(([name, s]) =>
        h("tr", {}, h("td", { class: "mono" }, name, schema.required?.includes(name) ? " *" : ""), h("td", { class: "mono" }, typeOf(s)), h("td", {}, s.description ?? "")),
      ),
    ),
  );
}

function operation(path: string, method: string, op: Operation) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return h(
    "section",
    { class: "card", id: `${method}-${path}` },
    h("h3", { class: "mono" }, `${method.toUpperCase()} ${path}`),
    h("p", {}, op.summary ?? "", op.security?.length === 0 ? " (no token needed)" : ""),
    op.parameters?.length
      ? h("ul", {}, ...op.parameters.map((p) => h("li", { class: "mono" }, `${p.in} ${p.name}${p.required ? " *" : ""}: ${typeOf(p.schema)}`)))
      : null,
    body ? h("div", {}, h("h4", {}, "Request body"), schemaTable(body)) : null,
    h("h4", {}, "Responses"),
    h("ul", {}, ...Object.entries(op.responses).map(([status, r]) => h("li", {}, h("span", { class: "mono" }, status), ` ${r.description}`, r.content ? ` – ${typeOf(r.content["application/json"]?.schema)}` : ""))),
  );
}

async function render() {
  const root = document.getElementById("app")!;
  const doc = (await (await fetch("api/openapi.json")).json()) as Document;
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const schemas = Object.entries(doc.components?.schemas ?? {});
  replace(
    root,
    h("header", {}, h("span", { class: "brand" }, `${doc.info.title} ${doc.info.version} – API reference`), h("nav", {}, h("a", { class: "tab", href: "api/openapi.json" }, "openapi.json"), h("a", { class: "tab", href: "./" }, "Admin page"))),
    h(
      "main",
      {},
      h("p", {}, "Every route but /api/health needs the header Authorization: Bearer <admin token>. Errors: {\"error\":{\"code\",\"message\",\"issues\":[{\"path\",\"message\"}]}}."),
      h("nav", { class: "card" }, h("ul", {}, ...ops.map((o) => h("li", {}, h("a", { href: `#${o.method}-${o.path}`, class: "mono" }, `${o.method.toUpperCase()} ${o.path}`))))),
      ...ops.map((o) => operation(o.path, o.method, o.op)),
      h("h2", {}, "Schemas"),
      ...schemas.map(([name, s]) => h("section", { class: "card", id: `schema-${name}` }, h("h3", {}, name), schemaTable(s))),
    ),
  );
}

void render();
