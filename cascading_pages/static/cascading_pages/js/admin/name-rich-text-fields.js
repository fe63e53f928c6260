// Wagtail's rich text editor (Draftail) gives its text box no accessible name, so a screen reader
// announces an unnamed "edit text" (axe: aria-input-field-name). Name each box by its field's label.
(function () {
  function nameRichTextBoxes() {
    document.querySelectorAll('[data-field] [role="textbox"][contenteditable="true"]').forEach(function (box) {
      if (box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) {
        return;
      }
      // Wagtail names a field's label "<input id>-label"; Draftail keeps its value in that input.
      var field = box.closest("[data-field]");
      var input = field && field.querySelector("input[id]");
      var label = input && document.getElementById(input.id + "-label");
      if (label) {
        box.setAttribute("aria-labelledby", label.id);
      }
    });
  }
  new MutationObserver(nameRichTextBoxes).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameRichTextBoxes);
})();
