// detente's dyad page: each chart drawn by Vega-Embed from its Vega-Lite specification, a JSON data block
// (<script type="application/json" id="spec-NAME">) beside <div class="chart" data-chart="NAME">. The static SVG
// the server drew stays until the interactive chart is ready, and stays for good if it cannot be drawn.
// `ast: true` runs Vega's expressions with its interpreter: the page's CSP allows no eval.
(function () {
  "use strict";
  // Labels a size up from Vega's default, set here so that Vega measures them at the size they are drawn.
  var text = {labelFontSize: 11, titleFontSize: 12};
  var options = {actions: false, renderer: "svg", tooltip: true, ast: true,
                 config: {axis: text, legend: text, text: {fontSize: 11}}};

  function draw(box) {
    var name = box.getAttribute("data-chart");
    var block = document.getElementById("spec-" + name);
    if (!block) {
      return;
    }
    var view = document.createElement("div");
    view.className = "vega-view";
    box.appendChild(view);
    window.vegaEmbed(view, JSON.parse(block.textContent), options).then(function () {
      var drawn = view.querySelector("svg");
      Array.prototype.slice.call(box.children).forEach(function (child) {
        if (child !== view) {
          box.removeChild(child);
        }
      });
      if (drawn) {
        drawn.id = name;  // the static chart's id, now on the interactive one
      }
      box.classList.add("interactive");
    }, function (error) {
      box.removeChild(view);
      console.warn("detente: chart " + name + " stays static:", error);
    });
  }

  function start() {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("div.chart[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
