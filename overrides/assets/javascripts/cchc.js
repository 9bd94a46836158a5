/* Small page behaviours that need JavaScript; the page works without them. */
(function () {
  "use strict";
  function wirePrintButtons() {
    var buttons = document.querySelectorAll("[data-cchc-print]");
    for (var i = 0; i < buttons.length; i++) {
      var holder = buttons[i].closest("[hidden]");
      if (holder) holder.hidden = false;
      buttons[i].addEventListener("click", function () {
        window.print();
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wirePrintButtons);
  } else {
    wirePrintButtons();
  }
})();
