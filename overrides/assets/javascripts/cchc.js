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
  /* Material's "back to top" button (navigation.top), which its bundle ran: shown while the
     reader scrolls back up, below the first screen; a tap goes to the top of the page. */
  function wireBackToTop() {
    var button = document.querySelector(".md-top");
    if (!button) return;
    var last = window.scrollY;
    window.addEventListener(
      "scroll",
      function () {
        var y = window.scrollY;
        button.hidden = !(y < last && y > window.innerHeight);
        last = y;
      },
      { passive: true }
    );
    button.addEventListener("click", function () {
      button.hidden = true;
      button.blur();
      window.scrollTo({ top: 0 });
    });
  }
  function start() {
    wirePrintButtons();
    wireBackToTop();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
