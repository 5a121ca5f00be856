import { h } from "./dom.ts";

/**
 * Asks a yes/no question in the page's own dialog: a modal `<dialog>` (focus kept inside, Escape
 * answers no, the question read out as its description), styled as the page, unlike `confirm()`.
 * `confirm` labels the button that answers yes ("Delete", "Discard changes").
 */
export function askToConfirm(question: string, options: { confirm: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const text = h("p", { id: "confirm-question" }, question);
    const no = h("button", { type: "button", on: { click: () => dialog.close("no") } }, "Cancel");
    const yes = h("button", { type: "button", class: options.danger ? "danger" : "primary", on: { click: () => dialog.close("yes") } }, options.confirm);
    const dialog = h("dialog", { class: "confirm", role: "alertdialog", "aria-describedby": "confirm-question", "aria-label": options.confirm }, text, h("div", { class: "actions" }, yes, no));
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "yes");
      // back where the admin was, when it is still there
      if (returnTo?.isConnected) returnTo.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    // the safe answer has the focus: Enter by habit keeps the edits, the data
    no.focus();
  });
}
