// Expression of interest form: show the bursary questions only when a bursary is asked for.
// Without JavaScript every question shows, and the server ignores bursary answers it does not need.
(function () {
    "use strict";
    var form = document.querySelector(".interest-form");
    var bursary = document.getElementById("bursary-questions");
    if (!form || !bursary) {
        return;
    }
    var radios = form.querySelectorAll('input[name="payment"]');
    function update() {
        var chosen = form.querySelector('input[name="payment"]:checked');
        bursary.hidden = !(chosen && chosen.value === "bursary");
    }
    radios.forEach(function (radio) {
        radio.addEventListener("change", update);
    });
    update();
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
})();
