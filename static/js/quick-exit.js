// Hearth's quick exit. The link at the top of the page works without this
// script; with it, the Escape key leaves too, and leaving replaces this page
// in the tab's history, so the Back button does not return to it.
(function () {
  "use strict";
  var link = document.querySelector("a.quick-exit");
  if (!link) {
    return;
  }
  function leave(event) {
    event.preventDefault();
    // Hide the page at once, before the next site has loaded.
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    // Escape while composing Chinese or Japanese text cancels the
    // composition; it must not leave the site.
    if (event.isComposing) {
      return;
    }
    if (event.key === "Escape" || event.key === "Esc") {
      leave(event);
    }
  });
})();
