// The modebar camera's file name and size (toImageButtonOptions), and an SVG button beside it,
// for every chart frame (layouts/chart.py). The name depends on the filters, so the options come
// with each redraw (a clientside callback below) and go to the graph's plotly context directly.
//
// The SVG button cannot travel in Dash's `config` (it carries a click function), and every redraw
// by Dash resets plotly's context. So Plotly.react / newPlot are wrapped once plotly has loaded:
// a chart frame's graph is drawn with the button and its latest image options in the same draw.
// (Adding the button after the draw took a second, modebar-only relayout of every chart on every
// redraw: ~80 ms a chart in the browser.)
(function () {
  var svgButton = function (title) {
    return {
      name: "chartSvg",
      title: title,
      icon: window.Plotly.Icons.disk,
      click: function (g) {
        var svg = Object.assign({}, g._context.toImageButtonOptions, { format: "svg" });
        window.Plotly.downloadImage(g, svg);
      },
    };
  };
  var imageOf = function (options) {
    var image = Object.assign({}, options);
    delete image.svgTitle;
    return image;
  };
  var withFrameConfig = function (gd, config) {
    var options = gd && gd.__chartImageOptions;
    if (!options || !gd.closest || !gd.closest(".chart-frame")) {
      return config;
    }
    var out = Object.assign({}, config || {});
    out.toImageButtonOptions = imageOf(options);
    var added = (out.modeBarButtonsToAdd || []).filter(function (b) {
      return !(b && b.name === "chartSvg");
    });
    out.modeBarButtonsToAdd = added.concat([svgButton(options.svgTitle || "SVG")]);
    return out;
  };
  var wrap = function (plotly) {
    if (!plotly || plotly.__chartFrames) {
      return;
    }
    plotly.__chartFrames = true;
    ["react", "newPlot"].forEach(function (name) {
      var draw = plotly[name];
      if (typeof draw !== "function") {
        return;
      }
      plotly[name] = function (gd, data, layout, config) {
        if (data && typeof data === "object" && !Array.isArray(data) && arguments.length === 2) {
          // dcc.Graph's form: react(gd, {data, layout, frames, config})
          return draw.call(this, gd, Object.assign({}, data, { config: withFrameConfig(gd, data.config) }));
        }
        return draw.call(this, gd, data, layout, withFrameConfig(gd, config));
      };
    });
  };
  // dcc.Graph loads plotly on demand; catch the moment it becomes `window.Plotly`.
  if (window.Plotly) {
    wrap(window.Plotly);
  } else {
    var loaded;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      enumerable: true,
      get: function () {
        return loaded;
      },
      set: function (value) {
        loaded = value;
        wrap(value);
      },
    });
  }
  window.__chartFrameConfig = withFrameConfig;
})();

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
        var config = window.__chartFrameConfig(gd, {});
        gd._context.toImageButtonOptions = config.toImageButtonOptions;
        var added = gd._context.modeBarButtonsToAdd || [];
        if (window.Plotly && !added.some(function (b) { return b && b.name === "chartSvg"; })) {
          // Drawn before its options came (the first draw): add the button with a modebar-only
          // relayout, once; later redraws get it in the draw itself (the wrapper above).
          gd._context.modeBarButtonsToAdd = added.concat(config.modeBarButtonsToAdd.slice(-1));
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
