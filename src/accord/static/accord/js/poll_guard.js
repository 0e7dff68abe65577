// Periodic refreshes (hx-trigger="every Ns") that skip a turn, without htmx's eval-based
// trigger filters (the Content-Security-Policy allows no eval). Put data-poll-guard on an
// element whose only trigger is the poll:
//   data-poll-guard         skip while the page is hidden (a background tab);
//   data-poll-guard="focus" also while the focus is inside the element;
//   data-poll-guard="form"  also while the focus is in a form inside the element.
// htmx schedules the next poll whether or not this one was skipped.
function skip(elt) {
  if (document.visibilityState !== "visible") return true;
  const mode = elt.getAttribute("data-poll-guard");
  const active = document.activeElement;
  if (mode === "focus") return elt.matches(":focus-within");
  if (mode === "form") {
    const form = active && active.closest("form");
    return Boolean(form && elt.contains(form));
  }
  return false;
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail && event.detail.elt;
  if (elt instanceof Element && elt === event.target && elt.hasAttribute("data-poll-guard")) {
    if (skip(elt)) event.preventDefault();
  }
});
