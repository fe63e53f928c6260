// Two of Wagtail's widgets draw a text box of their own with no accessible name, so a screen reader
// announces an unnamed "edit text" (axe: aria-input-field-name, label): the rich text editor
// (Draftail) and the tag field's typing box (tag-it, on the image screens). Each keeps its value
// in a hidden input of the field; name the box by that field's label.
(function () {
  var UNNAMED = '[data-field] [role="textbox"][contenteditable="true"], [data-field] .tagit input.ui-autocomplete-input';

  function nameUnnamedBoxes() {
    document.querySelectorAll(UNNAMED).forEach(function (box) {
      if (box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) {
        return;
      }
      // Wagtail names a field's label "<input id>-label"; the widget keeps its value in that input.
      var field = box.closest("[data-field]");
      var input = field && field.querySelector("input[id]");
      var label = input && document.getElementById(input.id + "-label");
      if (label) {
        box.setAttribute("aria-labelledby", label.id);
      }
    });
  }
  new MutationObserver(nameUnnamedBoxes).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameUnnamedBoxes);
})();
