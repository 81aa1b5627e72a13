// Dash 4.4's renderer: each component it mounts with new children (every component of the first
// page, and every component a callback sends in `children`) dispatches a RESET_COMPONENT_STATE
// action for its own path (DashWrapper's `_newRender` effect). The action only removes the render
// hashes (`layoutHashes`) recorded under that path, and a component that has just been mounted
// has none; but every dispatch makes every mounted component re-run its redux selector. Drawing
// N new components on a page of M so costs N x M selector runs: a year change on the overview
// (about 600 new components on a page of 740) took ~620 such dispatches and ~600 ms.
//
// This drops the action when no hash is recorded under its path, where the reducer would return
// the same hashes (a new object with the same entries); every other action goes through as it is.
//
// Redux also calls every listener after every dispatch, and react-redux's listener then re-runs
// every mounted component's selector: a year change on the national budget page (858 components)
// made 57 dispatches, each followed by 858 selector runs. Here a listener is called once for all
// the dispatches of one synchronous run (in a microtask, as Redux Toolkit's autoBatchEnhancer does),
// and only when the state is a new object: the same change makes 11 such calls. The state itself
// changes at once: `getState()` (what components and Dash read) always gives the latest.
//
// The store is Dash's (`window.store`, set once when the renderer creates it, before any render).
// Dash's own observers (which send callbacks) subscribe before it is set, to the store's own
// `subscribe`, so they still run after every dispatch; the listeners added afterwards are
// react-redux's. `__kpiSubscribe` is the store's own `subscribe` (tests count dispatches with it).
(function () {
  var RESET = "RESET_COMPONENT_STATE";
  var needed = function (store, action) {
    var path = action && action.payload && action.payload.itempath;
    if (!Array.isArray(path)) {
      return true;
    }
    var prefix = path.join(",");  // the renderer's stringifyPath
    var hashes = store.getState().layoutHashes || {};
    for (var key in hashes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  };
  var wrap = function (store) {
    if (!store || typeof store.dispatch !== "function" || store.__kpiResetFilter) {
      return;
    }
    var dispatch = store.dispatch;
    store.dispatch = function (action) {
      if (action && action.type === RESET && !needed(store, action)) {
        return action;
      }
      return dispatch.apply(this, arguments);
    };
    var subscribe = store.subscribe;
    store.__kpiSubscribe = subscribe;
    store.subscribe = function (listener) {
      var seen = store.getState();
      var pending = false;
      var active = true;
      var run = function () {
        pending = false;
        var state = store.getState();
        if (active && state !== seen) {
          seen = state;
          listener();
        }
      };
      var unsubscribe = subscribe.call(this, function () {
        if (!pending && store.getState() !== seen) {
          pending = true;
          queueMicrotask(run);
        }
      });
      return function () {
        active = false;
        return unsubscribe.apply(this, arguments);
      };
    };
    store.__kpiResetFilter = true;
  };
  var current = window.store;
  Object.defineProperty(window, "store", {
    configurable: true,
    get: function () {
      return current;
    },
    set: function (store) {
      wrap(store);
      current = store;
    },
  });
  wrap(current);
})();
