// The negotiation screen updates itself (htmx): a live update every few seconds brings the
// paragraphs others changed, and a form sent with htmx brings its paragraph back. Neither may
// close what the reader has open or lose what they are typing:
// - a <details> open before a swap is open after it (matched by id);
// - a paragraph whose form has the focus or has been typed in gets only its text, status and
//   summary from a live update; its forms stay as they are.
// The live update asks only while the page is seen (data-poll-guard: poll_guard.js skips a
// poll while the tab is hidden, without htmx's eval-based trigger filters), and at once when
// the reader comes back to it ("pos-visible" on the document).
// A refused action (4xx) swaps its fragment too, so the paragraph shows its message (here, as
// the site's htmx-config meta is the one htmx reads).
// Without JavaScript the page works as it is (no live updates).
(function () {
  "use strict";

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      document.dispatchEvent(new CustomEvent("pos-visible"));
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status >= 400 && xhr.status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function openIds(root) {
    if (!root || !root.querySelectorAll) return [];
    var ids = [];
    if (root.tagName === "DETAILS" && root.open && root.id) ids.push(root.id);
    root.querySelectorAll("details[id][open]").forEach(function (d) {
      ids.push(d.id);
    });
    return ids;
  }

  function markDirty(event) {
    var form = event.target && event.target.closest ? event.target.closest("form") : null;
    if (form && form.closest(".pos-para")) form.setAttribute("data-dirty", "1");
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);

  function busy(section) {
    var active = document.activeElement;
    if (active && active !== document.body && section.contains(active) && active.closest("form")) {
      return true;
    }
    return section.querySelector("form[data-dirty]") !== null;
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (!target || !target.classList || !target.classList.contains("pos-para")) return;
    if (busy(target)) {
      var incoming = detail.fragment.querySelector(".pos-view");
      var current = target.querySelector(".pos-view");
      if (incoming && current) {
        detail.fragment.replaceChildren(incoming);
        detail.target = current;
      } else {
        detail.shouldSwap = false;
      }
      return;
    }
    openIds(target).forEach(function (id) {
      var d = detail.fragment.querySelector("#" + CSS.escape(id));
      if (d) d.open = true;
    });
  });

  var reopen = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    reopen = openIds(event.detail.target);
  });
  document.addEventListener("htmx:afterSwap", function () {
    reopen.forEach(function (id) {
      var d = document.getElementById(id);
      if (d && d.tagName === "DETAILS") d.open = true;
    });
    reopen = [];
  });
})();
