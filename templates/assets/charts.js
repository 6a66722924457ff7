/* Draw the page's charts with the self-hosted plotly.js. It loads only once the reader has
   interacted with the page (a scroll, a touch, a key, the mouse) and a chart is in view, so
   opening a page never waits on 1.2 MB of JavaScript; until then each chart's data table
   stands in its reserved plot area. Each figure is JSON in a <script> beside its chart. */
(function () {
  "use strict";
  if (window.MLCareerCharts) { return; }
  var plots = Array.prototype.slice.call(document.querySelectorAll(".chart-plot[data-chart]"));
  var self = document.currentScript || document.querySelector('script[src$="charts.js"]');
  var plotlyUrl = self.getAttribute("src").replace(/charts\.js(\?.*)?$/, "plotly.min.js");
  var loading = null;
  var INTERACTIONS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll"];
  var interacted = new Promise(function (resolve) {
    var done = function () {
      INTERACTIONS.forEach(function (name) { window.removeEventListener(name, done, true); });
      resolve();
    };
    INTERACTIONS.forEach(function (name) {
      window.addEventListener(name, done, { capture: true, passive: true });
    });
  });

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = interacted.then(function () { return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("plotly.js failed to load")); };
        document.head.appendChild(script);
      }); });
    }
    return loading;
  }

  function themeColors() {
    var style = getComputedStyle(document.documentElement);
    var read = function (name) { return style.getPropertyValue(name).trim(); };
    return { text: read("--text"), muted: read("--muted"), grid: read("--border"), font: read("--font") };
  }

  function themedLayout(layout) {
    var c = themeColors();
    var out = JSON.parse(JSON.stringify(layout));
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = "rgba(0,0,0,0)";
    out.font = Object.assign({}, out.font || {}, { color: c.text, family: c.font });
    ["xaxis", "yaxis"].forEach(function (axis) {
      out[axis] = Object.assign({}, out[axis] || {}, { gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid });
    });
    out.hoverlabel = Object.assign({ font: { family: c.font } }, out.hoverlabel || {});
    return out;
  }

  var CONFIG = {
    displaylogo: false,
    responsive: true,
    scrollZoom: false,
    modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
      "autoScale2d", "resetScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"]
  };

  function figureOf(plot) {
    var holder = plot.closest("figure").querySelector("script.chart-data");
    return JSON.parse(holder.textContent);
  }

  function render(plot, figure) {
    return loadPlotly().then(function (Plotly) {
      return Plotly.react(plot, figure.data, themedLayout(figure.layout), CONFIG);
    }).then(function () {
      plot.dataset.drawn = "yes";
      plot.classList.add("is-drawn");
      var preview = plot.parentNode.querySelector(".chart-preview");
      if (preview) { preview.hidden = true; }
    }).catch(function (error) {
      plot.dataset.drawn = "failed";
      plot.classList.add("is-failed");
      if (window.console) { console.warn(error.message); }
    });
  }

  function draw(plot) {
    if (plot.dataset.drawn) { return; }
    plot.dataset.drawn = "pending";
    render(plot, figureOf(plot));
  }

  /* Other scripts (the skills self-assessment) draw their own figures the same way. */
  window.MLCareerCharts = { render: render };

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "0px" });
    plots.forEach(function (plot) { observer.observe(plot); });
  } else {
    plots.forEach(draw);
  }

  document.addEventListener("themechange", function () {
    document.querySelectorAll(".chart-plot").forEach(function (plot) {
      if (plot.dataset.drawn === "yes" && window.Plotly) {
        window.Plotly.relayout(plot, themedLayout(figureOf(plot).layout));
      }
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
  });
})();
