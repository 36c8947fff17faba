// Hearth's editor page and its preview tab. Both work without this script:
// the Preview button opens the preview of what the form holds, and the
// preview tab can be reloaded by hand. With it, the form sends each change
// a moment after the editor stops typing, and the preview tab reloads
// itself when its server says the text changed.
(function () {
  "use strict";
  var preview = document.querySelector("[data-preview-events]");
  if (preview) {
    // The stream says which version of the text is the latest, first on
    // connecting and then at each change: a tab showing another reloads.
    var shown = preview.getAttribute("data-preview-version");
    var events = new EventSource(preview.getAttribute("data-preview-events"));
    events.onmessage = function (event) {
      if (event.data !== shown) {
        events.close();
        window.location.reload();
      }
    };
    return;
  }
  var form = document.querySelector("form[data-preview]");
  if (!form || !window.fetch) {
    return;
  }
  var waiting = null;
  function send() {
    var fields = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      // A chosen photo is sent only when the editor presses a button.
      if (typeof value === "string") {
        fields.append(name, value);
      }
    });
    fields.set("action", "preview");
    // Not `form.action`: the buttons named "action" shadow that property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: fields,
      credentials: "same-origin",
      headers: { "X-Hearth-Live": "1" },
      redirect: "manual"
    }).catch(function () {
      // The next change tries again; the form keeps the text meanwhile.
    });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(send, 600);
  });
})();
