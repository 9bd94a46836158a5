/* Documents register (van-ban/): the filter by type, year and text.
 *
 * Without JavaScript the whole table shows and the form stays hidden; the pages per type
 * and per year (van-ban/loai/…, van-ban/nam/…) filter without it. Text follows the site
 * search's rules, from search.js (window.cchcSearchText): its word tokens and its folding
 * (lower case, no diacritics, đ->d, y->i), the same as cchc.core.text.words and fold that
 * wrote each row's data-search. Every query word must begin a word of the row, as
 * cchc.documents.register.matches. If search.js is not there, the form stays hidden.
 */
(function () {
  "use strict";

  function setup(form, text) {
    var root = form.parentElement;
    var query = form.querySelector("#vb-q");
    var type = form.querySelector("#vb-loai");
    var year = form.querySelector("#vb-nam");
    var status = form.querySelector(".cchc-register-filter__status");
    var empty = root.querySelector("[data-cchc-register-empty]");
    var rows = Array.prototype.slice.call(root.querySelectorAll(".cchc-register tbody tr"));
    var keys = rows.map(function (row) { return (row.getAttribute("data-search") || "").split(" "); });

    function matches(words, key) {
      return words.every(function (word) {
        return key.some(function (part) { return part.lastIndexOf(word, 0) === 0; });
      });
    }

    function apply() {
      var words = text.words(query.value).map(text.fold);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = (!type.value || row.getAttribute("data-type") === type.value) &&
          (!year.value || row.getAttribute("data-year") === year.value) &&
          matches(words, keys[i]);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (empty) empty.hidden = shown !== 0;
      var filtered = words.length || type.value || year.value;
      status.textContent = filtered
        ? "Có " + shown + "/" + rows.length + " văn bản phù hợp."
        : "Đang hiển thị tất cả " + rows.length + " văn bản.";
    }

    /* A link may open the register filtered: van-ban/?loai=bao-cao&nam=2023&q=… */
    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    [[type, "loai"], [year, "nam"]].forEach(function (pair) {
      var wanted = params.get(pair[1]);
      if (wanted && pair[0].querySelector('option[value="' + wanted.replace(/[^0-9a-z-]/g, "") + '"]')) {
        pair[0].value = wanted;
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    query.addEventListener("input", apply);
    type.addEventListener("change", apply);
    year.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function init() {
    var text = window.cchcSearchText;
    if (!text || typeof text.fold !== "function" || typeof text.words !== "function") {
      Array.prototype.forEach.call(document.querySelectorAll("form[data-cchc-register-filter]"), function (form) {
        form.hidden = true; /* no dead controls */
      });
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-cchc-register-filter]"), function (form) {
      if (!form.dataset.ready) {
        form.dataset.ready = "1";
        setup(form, text);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
