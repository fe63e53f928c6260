// A box that scrolls sideways gives no cue on a phone: its hidden columns just are not there. Each
// [data-scroll-hint] inside a [data-scroll-box] is shown while the box is wider inside than it is
// on screen, and hidden again when it all fits (a wider window, a turned phone); its
// [data-scroll-arrow] points to where the rest is (→ at the start, ← at the end, ↔ between).
// Without this file the hint stays hidden and the box still scrolls. The admin loads scripts
// before the page's content, hence DOMContentLoaded.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-scroll-hint]").forEach(function (hint) {
    var box = hint.closest("[data-scroll-box]");
    var arrow = hint.querySelector("[data-scroll-arrow]");
    if (!box) return;
    function update() {
      var room = box.scrollWidth - box.clientWidth;
      hint.hidden = room <= 1;
      if (arrow) arrow.textContent = box.scrollLeft <= 1 ? "→" : box.scrollLeft >= room - 1 ? "←" : "↔";
    }
    update();
    box.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) {
      new ResizeObserver(update).observe(box);
    } else {
      window.addEventListener("resize", update);
    }
  });
});
