/* Procedure guide (thu-tuc/): the index filter and the print button of procedure pages.
 *
 * Without JavaScript the full list shows and the controls stay hidden. Text is folded like
 * cchc.text.fold (lower case, NFD, no combining marks, đ->d, y->i), so "ho tich", "hộ tịch"
 * and "HỘ TỊCH" match alike. Rows carry their folded text in data-search (built in Python).
 */
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/y/g, "i").normalize("NFC");
  }

  /* Every query word must start a word of the row ("kh sinh" finds "khai sinh"). */
  function matches(words, haystack) {
    return words.every(function (word) {
      return (" " + haystack).indexOf(" " + word) !== -1;
    });
  }

  function setupFilter(form) {
    var root = form.parentElement;
    var query = form.querySelector("#tthc-q");
    var field = form.querySelector("#tthc-linh-vuc");
    var level = form.querySelector("#tthc-muc-do");
    var status = form.querySelector(".tthc-filter__status");
    var empty = root.querySelector("[data-tthc-empty]");
    var items = Array.prototype.slice.call(root.querySelectorAll(".tthc-results .tthc-item"));
    var groups = Array.prototype.slice.call(root.querySelectorAll(".tthc-results .tthc-group"));

    function apply() {
      var words = fold(query.value).split(/[^0-9a-z.]+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!field.value || item.dataset.field === field.value) &&
          (!level.value || item.dataset.level === level.value) &&
          matches(words, item.dataset.search || "");
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".tthc-item:not([hidden])");
      });
      if (empty) empty.hidden = shown !== 0;
      var filtered = words.length || field.value || level.value;
      status.textContent = filtered
        ? "Có " + shown + "/" + items.length + " thủ tục phù hợp."
        : "Đang hiển thị tất cả " + items.length + " thủ tục.";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    query.addEventListener("input", apply);
    field.addEventListener("change", apply);
    level.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-tthc-filter]"), function (form) {
      if (!form.dataset.ready) {
        form.dataset.ready = "1";
        setupFilter(form);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-tthc-print]"), function (button) {
      button.hidden = false;
      button.onclick = function () { window.print(); };
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
