// Highlight one opinion group's points while its row, table or legend entry is hovered or
// focused. Optional: the page says everything without this script.
for (const root of document.querySelectorAll("[data-om-root]")) {
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
