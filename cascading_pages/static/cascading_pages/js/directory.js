// Coach directory: suggests coach names while a leader types in the search box, from
// GET /api/v1/coaches/suggest/?directory=<id>&q=<typed> (the form's data-suggest-url holds the
// address and the directory). The directory works fully without this file: the filters are a
// plain GET form.
// Also: the "Filter" disclosure opens by itself on screens wide enough to show the filters beside
// the results (closed on a phone, so the coaches come first), and a search that lands on #results
// moves focus to the results heading, so a screen reader starts there too.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  var wide = window.matchMedia && window.matchMedia("(min-width: 56em)");
  if (filters && wide) {
    if (wide.matches) filters.open = true;
    wide.addEventListener("change", function (event) { if (event.matches) filters.open = true; });
  }
  var heading = document.getElementById("results");
  if (heading && window.location.hash === "#results") heading.focus();
})();

(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch || !window.URL) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById(input && input.getAttribute("list"));
  if (!input || !list) return;
  var timer = null;
  var latest = 0;

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (suggestion) {
      var option = document.createElement("option");
      option.value = suggestion.name;
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { show([]); return; }
    timer = window.setTimeout(function () {
      var request = ++latest;
      var url = new URL(form.getAttribute("data-suggest-url"), window.location.href);
      url.searchParams.set("q", text);
      fetch(url.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (request === latest) show(data.suggestions || []); })
        .catch(function () { show([]); });
    }, 200);
  });
})();
