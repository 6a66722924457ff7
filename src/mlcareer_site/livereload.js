/* Served pages only: after a good rebuild, bring the page up to date; show the build's
   problems after a bad one (errors in a panel, warnings as a small badge that opens the same
   panel; both can be closed until the next rebuild). A page whose rebuilt self differs only
   inside <main> (the server says so with a digest of the rest, its "shell") gets the new
   <main> swapped in, which keeps the reader's place, and a "mlcareer:swapped" event for the
   page's scripts; any other page reloads. */
(function () {
  "use strict";
  var self = document.currentScript;
  var version = Number(self.dataset.version); /* the site this page is from */
  var shell = self.dataset.shell; /* "" when this page must reload whole */
  var latest = null; /* the newest state heard, while the page is being brought up to date */
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
  /* Fetch this page from the new site; swap its <main> in if nothing else changed. */
  function update() {
    if (!shell || !window.fetch || !window.DOMParser) { location.reload(); return; }
    fetch(location.href, { cache: "no-store" }).then(function (response) {
      return response.text();
    }).then(function (text) {
      var next = new DOMParser().parseFromString(text, "text/html");
      var script = next.querySelector("script[data-shell]");
      var main = next.querySelector("main");
      var current = document.querySelector("main");
      if (!script || script.dataset.shell !== shell || !main || !current) {
        location.reload();
        return;
      }
      current.replaceWith(document.adoptNode(main));
      version = Number(script.dataset.version);
      document.dispatchEvent(new CustomEvent("mlcareer:swapped", { detail: main }));
      var state = latest;
      latest = null;
      heard(state);
    }).catch(function () { location.reload(); });
  }
  function heard(state) {
    if (state.version <= version) { show(state, false); return; }
    var busy = latest !== null;
    latest = state;
    if (!busy) { update(); }
  }
  var source = new EventSource(EVENTS_URL);
  source.onmessage = function (event) { heard(JSON.parse(event.data)); };
})();
