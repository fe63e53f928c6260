// The expressions of interest list (interest/admin.py): the "Filter" disclosure starts closed, so a
// narrow screen shows the list first; where the filters fit beside the list (the stylesheet's
// 75em), it opens by itself. Without this file the filters are one click away. The admin loads
// scripts before the page's content, hence DOMContentLoaded.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var filters = document.getElementById("interest-filters");
  var wide = window.matchMedia && window.matchMedia("(min-width: 75em)");
  if (filters && wide) {
    if (wide.matches) filters.open = true;
    wide.addEventListener("change", function (event) { if (event.matches) filters.open = true; });
  }
});
