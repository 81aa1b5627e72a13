// The modebar camera's file name and size (toImageButtonOptions), and an SVG button beside it,
// for every chart frame (layouts/chart.py). dcc.Graph reads `config` only when its figure
// changes, and the name depends on the filters, so the options go to the graph's plotly context
// directly, and again after every redraw.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  charts: {
    imageOptions: function (options, sinkId) {
      if (!options) {
        return window.dash_clientside.no_update;
      }
      var key = typeof sinkId === "string" ? sinkId : JSON.stringify(sinkId, Object.keys(sinkId).sort());
      var find = function () {
        var sink = document.getElementById(key);
        var frame = sink && sink.closest(".chart-frame");
        return frame && frame.querySelector(".js-plotly-plot");
      };
      var latest = (window.__chartLatestOptions = window.__chartLatestOptions || {});
      latest[key] = options;
      var gd = find();
      if (!gd) {
        // The options can come with the figure, before plotly has drawn the graph (its bundle
        // loads on demand): look again for a few seconds.
        var tries = 0;
        var again = function () {
          if (latest[key] !== options) {
            return; // newer options came: their own call applies them
          }
          if (find()) {
            window.dash_clientside.charts.imageOptions(options, sinkId);
          } else if (++tries < 50) {
            setTimeout(again, 100);
          }
        };
        setTimeout(again, 100);
        return window.dash_clientside.no_update;
      }
      gd.__chartImageOptions = options;
      var apply = function () {
        if (!gd._context || !gd.__chartImageOptions) {
          return;
        }
        var image = Object.assign({}, gd.__chartImageOptions);
        var svgTitle = image.svgTitle || "SVG";
        delete image.svgTitle;
        gd._context.toImageButtonOptions = image;
        // A second image button, for SVG: Dash's `config` cannot carry a click function, and
        // every redraw by Dash resets the context, so the button is added again after each one.
        var added = gd._context.modeBarButtonsToAdd || [];
        if (window.Plotly && !added.some(function (b) { return b && b.name === "chartSvg"; })) {
          gd._context.modeBarButtonsToAdd = added.concat([
            {
              name: "chartSvg",
              title: svgTitle,
              icon: window.Plotly.Icons.disk,
              click: function (g) {
                var svg = Object.assign({}, g._context.toImageButtonOptions, { format: "svg" });
                window.Plotly.downloadImage(g, svg);
              },
            },
          ]);
          // A modebar-only relayout redraws the modebar (and nothing else) with the new button.
          var modebar = (gd._fullLayout && gd._fullLayout.modebar) || {};
          window.Plotly.relayout(gd, { "modebar.orientation": modebar.orientation || "h" });
        }
      };
      apply();
      if (!gd.__chartImageHook && typeof gd.on === "function") {
        gd.on("plotly_afterplot", apply);
        gd.__chartImageHook = true;
      }
      return window.dash_clientside.no_update;
    },
  },
});
