// Highlight one opinion group's points while its row, table or legend entry is hovered or
// focused. Optional: the page says everything without this script. Runs again on a map
// that htmx swapped in (the periodic refresh of an open consultation).
function bind(root) {
  const points = root.querySelectorAll(".om-point[data-om-group]");
  const show = (group) => {
    root.setAttribute("data-om-active", group);
    for (const p of points) p.classList.toggle("om-active", p.dataset.omGroup === group);
  };
  const clear = () => {
    root.removeAttribute("data-om-active");
    for (const p of points) p.classList.remove("om-active");
  };
  for (const el of root.querySelectorAll("[data-om-group]:not(.om-point)")) {
    el.addEventListener("mouseenter", () => show(el.dataset.omGroup));
    el.addEventListener("focusin", () => show(el.dataset.omGroup));
    el.addEventListener("mouseleave", clear);
    el.addEventListener("focusout", clear);
  }
}

const bindAll = (scope) => {
  for (const root of scope.querySelectorAll("[data-om-root]:not([data-om-bound])")) {
    root.setAttribute("data-om-bound", "");
    bind(root);
  }
};
bindAll(document);
// htmx:load fires on every element htmx adds, such as a refreshed map.
document.addEventListener("htmx:load", (event) => bindAll(event.detail.elt));
