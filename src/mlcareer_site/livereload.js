/* Served pages only: reload after a good rebuild; show the build's problems after a bad one
   (errors in a panel, warnings as a small badge that opens the same panel; both can be
   closed until the next rebuild). */
(function () {
  "use strict";
  var version = PAGE_VERSION; /* the site this page is from: a newer one reloads it */
  var closedAt = null;
  var panel = null;
  var STYLE = [
    "position:fixed", "right:1rem", "bottom:1rem", "z-index:99999",
    "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace", "border-radius:10px"
  ].join(";");
  function clear() { if (panel) { panel.remove(); panel = null; } }
  function button(text, label, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.onclick = onclick;
    b.style.cssText = "font:inherit;color:inherit;background:none;border:1px solid currentColor;" +
      "border-radius:6px;padding:0 .5rem;cursor:pointer;float:right;margin-left:.5rem";
    return b;
  }
  function show(state, open) {
    clear();
    var errors = state.problems.filter(function (l) { return l.indexOf(": warning: ") < 0; });
    var warnings = state.problems.filter(function (l) { return l.indexOf(": warning: ") >= 0; });
    if (!errors.length && !warnings.length) { return; }
    if (closedAt === state.problems.join("\n")) { return; }
    panel = document.createElement("div");
    panel.id = "mlcareer-build-problems";
    panel.setAttribute("role", errors.length ? "alert" : "status");
    var bad = errors.length > 0;
    panel.style.cssText = STYLE + ";left:" + (bad || open ? "1rem" : "auto") +
      ";max-height:60vh;overflow:auto;padding:.75rem 1rem;white-space:pre-wrap;" +
      (bad ? "background:#1f1315;color:#ffd7d7;border:2px solid #ff6b6b"
           : "background:#1d1a0f;color:#ffe9a8;border:2px solid #d9a400");
    panel.appendChild(button("×", "Close until the next rebuild", function () {
      closedAt = state.problems.join("\n"); clear();
    }));
    if (!bad && !open) {
      var count = warnings.length + (warnings.length === 1 ? " warning" : " warnings");
      panel.appendChild(button(count, "Show the warnings", function () { show(state, true); }));
      return document.body.appendChild(panel);
    }
    var heading = !bad ? "Built with warnings:" : state.version > 0
      ? "Build failed; you are seeing the last good site."
      : "Build failed; the site appears once these are fixed.";
    panel.appendChild(document.createTextNode(heading + "\n\n" + errors.concat(warnings).join("\n")));
    document.body.appendChild(panel);
  }
  var source = new EventSource(EVENTS_URL);
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.version !== version) { location.reload(); return; }
    show(state, false);
  };
})();
