/**
 * A tiny element builder. Text is always set as text (never parsed as HTML), so
 * anything a user typed, a webhook name like `<img onerror=…>` included, shows as typed.
 */
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown> & { class?: string; on?: Record<string, (e: Event) => void> };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "on") {
      for (const [event, handler] of Object.entries(value as Record<string, (e: Event) => void>)) el.addEventListener(event, handler);
    } else if (key === "class") {
      el.className = String(value);
    } else if (key.startsWith("aria-") || key.startsWith("data-") || key === "role" || key === "for") {
      el.setAttribute(key, String(value));
    } else {
      (el as unknown as Record<string, unknown>)[key] = value;
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A labelled form field with a place for the API's message about it (`data-error-for`).
 * `id`: where two forms on one view name the same field (each form's `passphrase`).
 */
export function field(label: string, control: HTMLElement, options: { path: string; hint?: string; id?: string }): HTMLElement {
  const id = options.id ?? `f-${options.path.replace(/\W/g, "-")}`;
  control.id = id;
  const error = h("p", { class: "error", "data-error-for": options.path, "aria-live": "polite" });
  control.setAttribute("aria-describedby", `${id}-err`);
  error.id = `${id}-err`;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, options.hint ? h("p", { class: "hint" }, options.hint) : null, error);
}

/**
 * Shows the API's validation issues next to the fields they name; returns those that
 * matched no field. A message is rewritten only when it changes, so a screen reader
 * announces each once, not on every keystroke.
 */
export function showIssues(root: Element, issues: { path: string; message: string }[]): { path: string; message: string }[] {
  const texts = new Map<HTMLElement, string>();
  for (const el of root.querySelectorAll<HTMLElement>("[data-error-for]")) texts.set(el, "");
  const unmatched = [];
  for (const issue of issues) {
    // events.3 belongs to the events field; auth.url to auth.url
    const target =
      root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(issue.path)}"]`) ??
      root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(issue.path.replace(/\.\d+$/, ""))}"]`);
    if (target) texts.set(target, texts.get(target) ? `${texts.get(target)} ${issue.message}` : issue.message);
    else unmatched.push(issue);
  }
  for (const [el, text] of texts) if (el.textContent !== text) el.textContent = text;
  return unmatched;
}

/** Moves focus to a new view's heading, so keyboard and screen reader users start there. */
export function focusHeading(view: Element): void {
  const heading = view.querySelector<HTMLElement>("h1");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

export function formatTime(iso: string | null): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

/** A status as colour and text, never colour alone. */
export function statusBadge(status: string | null): HTMLElement {
  return h("span", { class: `badge badge-${status ?? "none"}` }, status ?? "no deliveries yet");
}
