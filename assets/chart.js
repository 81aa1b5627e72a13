// The modebar camera's file name and size (toImageButtonOptions) for every chart frame
// (layouts/chart.py). dcc.Graph reads `config` only when its figure changes, and the name
// depends on the filters, so the options go to the graph's plotly context directly, and again
// after every redraw.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  charts: {
    imageOptions: function (options, sinkId) {
      if (!options) {
        return window.dash_clientside.no_update;
      }
      var key = typeof sinkId === "string" ? sinkId : JSON.stringify(sinkId, Object.keys(sinkId).sort());
      var sink = document.getElementById(key);
      var frame = sink && sink.closest(".chart-frame");
      var gd = frame && frame.querySelector(".js-plotly-plot");
      if (!gd) {
        return window.dash_clientside.no_update;
      }
      gd.__chartImageOptions = options;
      var apply = function () {
        if (gd._context && gd.__chartImageOptions) {
          gd._context.toImageButtonOptions = Object.assign({}, gd.__chartImageOptions);
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
