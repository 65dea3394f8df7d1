(function () {
  "use strict";
  var files = Array.prototype.slice.call(document.querySelectorAll("details.file"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button[data-filter]"));
  var q = document.getElementById("q"), shown = document.getElementById("shown");
  var label = "all";
  function apply() {
    var term = q.value.trim().toLowerCase(), n = 0;
    files.forEach(function (f) {
      var ok = (label === "all" || f.getAttribute("data-label") === label) &&
        (term === "" || f.querySelector(".p").textContent.toLowerCase().indexOf(term) >= 0);
      f.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n + " of " + files.length + " files shown";
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      label = b.getAttribute("data-filter");
      buttons.forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
      apply();
    });
  });
  q.addEventListener("input", apply);
  window.addEventListener("beforeprint", function () {
    files.forEach(function (f) { f.hidden = false; f.open = true; });
  });
  document.getElementById("filters").hidden = false;
  apply();
}());
