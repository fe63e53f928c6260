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
    // The choice that reveals the questions says which part of the page it controls. (A radio
    // button may not carry aria-expanded, so the fieldset's hidden state is what changes.)
    radios.forEach(function (radio) {
        if (radio.value === "bursary") {
            radio.setAttribute("aria-controls", "bursary-questions");
        }
    });
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
