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

/** The place for the API's message about the field at `path` (`data-error-for`), described by `control` (its id kept when it has one). */
export function errorFor(path: string, control: HTMLElement): HTMLElement {
  const id = control.id || `f-${path.replace(/\W/g, "-")}`;
  control.id = id;
  control.setAttribute("aria-describedby", `${id}-err`);
  return h("p", { class: "error", id: `${id}-err`, "data-error-for": path, "aria-live": "polite" });
}

/**
 * A labelled form field with a place for the API's message about it. `id`: where two forms
 * on one view name the same field (each form's `passphrase`).
 */
export function field(label: string, control: HTMLElement, options: { path: string; hint?: string; id?: string }): HTMLElement {
  if (options.id) control.id = options.id;
  const error = errorFor(options.path, control);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, options.hint ? h("p", { class: "hint" }, options.hint) : null, error);
}

/** A checkbox with its label after it, a hint and a place for the API's message about it. */
export function checkField(label: string, input: HTMLInputElement, options: { path: string; hint?: string }): HTMLElement {
  const error = errorFor(options.path, input);
  return h("div", { class: "field checkbox" }, h("label", { class: "check" }, input, ` ${label}`), options.hint ? h("p", { class: "hint" }, options.hint) : null, error);
}

/** The API's bounds of a number field (`minimum`, `maximum`) on its input, so its arrows and assistive technology know them. */
export function numberInput(value: number | undefined, bounds: { minimum?: number; maximum?: number } = {}): HTMLInputElement {
  return h("input", { type: "number", step: "1", value: value === undefined ? "" : String(value), min: bounds.minimum?.toString(), max: bounds.maximum?.toString() });
}

/** The place for the message about the field at `path`: events.3 belongs to the events field, auth.url to auth.url. */
export function messageFor(root: Element, path: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`) ?? root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path.replace(/\.\d+$/, ""))}"]`);
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
    const target = messageFor(root, issue.path);
    // one line each (the field's messages keep their line breaks)
    if (target) texts.set(target, texts.get(target) ? `${texts.get(target)}\n${issue.message}` : issue.message);
    else unmatched.push(issue);
  }
  for (const [el, text] of texts) if (el.textContent !== text) el.textContent = text;
  return unmatched;
}

/**
 * Redraws content, giving the focus back to where it was: the same element when the redraw
 * kept it (the open details, moved), else the button of the same row (`data-id`) and label.
 */
export function keepingFocus(container: HTMLElement, redraw: () => void): void {
  const focused = document.activeElement instanceof HTMLElement && container.contains(document.activeElement) ? document.activeElement : null;
  const row = focused?.closest<HTMLElement>("[data-id]")?.dataset.id;
  const label = focused?.textContent;
  redraw();
  if (!focused || document.activeElement === focused) return;
  if (focused.isConnected) return focused.focus({ preventScroll: true });
  const scope = row === undefined ? container : container.querySelector(`[data-id="${row}"]`);
  [...(scope?.querySelectorAll<HTMLElement>("button") ?? [])].find((b) => b.textContent === label)?.focus();
}


/** Moves focus to a new view's heading, so keyboard and screen reader users start there. */
export function focusHeading(view: Element): void {
  const heading = view.querySelector<HTMLElement>("h1");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/** A time as a datetime-local input shows it: local time, to the minute. */
export function localInputTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function formatTime(iso: string | null): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

/** A status as colour and text, never colour alone. */
export function statusBadge(status: string | null): HTMLElement {
  return h("span", { class: `badge badge-${status ?? "none"}` }, status ?? "no deliveries yet");
}
