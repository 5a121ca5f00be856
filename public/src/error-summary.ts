import type { Issue } from "./api.ts";
import { h, messageFor, replace, showIssues } from "./dom.ts";

/** A problem as the admin reads it: the field's label, the message, and the control to go to (none when it names no field). */
interface Placed {
  label: string;
  message: string;
  control: HTMLElement | null;
}

/** The control a field's message describes (`aria-describedby`), and its label as shown. */
function fieldOf(root: Element, message: HTMLElement): { control: HTMLElement; label: string } | null {
  if (!message.id) return null;
  const described = root.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(message.id)}"]`);
  if (!described) return null;
  const labels = "labels" in described ? (described as HTMLInputElement).labels : null;
  const label = labels?.[0]?.textContent?.trim() || described.getAttribute("aria-label") || message.dataset.errorFor || "";
  // a group (the events) is not focusable itself: its first choice is
  const control = described.matches("input, select, textarea, button") ? described : described.querySelector<HTMLElement>("input:not(:disabled), select, textarea");
  return control ? { control, label } : null;
}

/** The issues with their fields' labels, in the order the fields are on the page; those of no field last. */
function placed(root: Element, issues: Issue[]): Placed[] {
  const onPage: { at: Element; problem: Placed }[] = [];
  const elsewhere: Placed[] = [];
  for (const issue of issues) {
    const message = messageFor(root, issue.path);
    const field = message && fieldOf(root, message);
    if (field) onPage.push({ at: field.control, problem: { ...field, message: issue.message } });
    else elsewhere.push({ label: issue.path, message: issue.message, control: null });
  }
  onPage.sort((a, b) => (a.at.compareDocumentPosition(b.at) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return [...onPage.map((p) => p.problem), ...elsewhere];
}

/** Brings a field into view and gives it the focus. */
function goTo(control: HTMLElement): void {
  control.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
}

/** A list of problems, each `Label: message`, a link to its field when it has one. */
export function problemList(root: Element, issues: Issue[]): HTMLUListElement {
  return listOf(placed(root, issues));
}

function listOf(problems: Placed[]): HTMLUListElement {
  return h(
    "ul",
    {},
    ...problems.map(({ label, message, control }) =>
      h(
        "li",
        {},
        control
          ? // a link to a place in the page; the address is the page's own route, so it is followed here, not by the browser
            h("a", { href: `#${control.id}`, on: { click: (e) => (e.preventDefault(), goTo(control)) } }, `${label}: ${message}`)
          : `${label}: ${message}`,
      ),
    ),
  );
}

/**
 * The one red box at the top of a form after a Save the API refused: every problem with
 * its field's label, each a link to the field. Showing it marks the fields too, and takes
 * the admin to the first of them.
 */
export function errorSummary(): { element: HTMLElement; show(form: Element, issues: Issue[]): void; clear(form: Element): void } {
  const element = h("div", { class: "error-summary", role: "alert", "aria-labelledby": "error-summary-title" });
  return {
    element,
    show(form, issues) {
      showIssues(form, issues);
      const problems = placed(form, issues);
      const title = problems.length === 1 ? "1 problem stops it from being saved" : `${problems.length} problems stop it from being saved`;
      replace(element, h("h2", { id: "error-summary-title" }, title), listOf(problems));
      const first = problems[0]?.control;
      if (first) goTo(first);
    },
    clear(form) {
      showIssues(form, []);
      replace(element);
    },
  };
}
