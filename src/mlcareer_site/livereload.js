/* Served pages only: reload after a good rebuild, show build errors after a bad one. */
(function () {
  "use strict";
  var box = null;
  var version = null;
  function show(problems) {
    if (!box) {
      box = document.createElement("div");
      box.id = "mlcareer-build-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = [
        "position:fixed", "left:1rem", "right:1rem", "bottom:1rem", "z-index:99999",
        "max-height:60vh", "overflow:auto", "background:#1f1315", "color:#ffd7d7",
        "border:2px solid #ff6b6b", "border-radius:10px", "padding:1rem 1.25rem",
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace", "white-space:pre-wrap"
      ].join(";");
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; you are seeing the last good site.\n\n" + problems.join("\n");
  }
  var source = new EventSource(EVENTS_URL);
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (version !== null && state.version !== version) { location.reload(); return; }
    version = state.version;
    var errors = state.problems.filter(function (line) { return line.indexOf(": warning: ") < 0; });
    if (errors.length) { show(errors); } else if (box) { box.remove(); box = null; }
  };
})();
