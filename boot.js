// Starts the app once the page's main content has been painted, so on a slow connection the
// words never wait for the app's code (README, "How it is laid out"). A file, not an inline
// script, for the strict Content-Security-Policy.
(function () {
  var script = document.currentScript;
  var js = script.getAttribute('data-js');
  var wasm = script.getAttribute('data-wasm');
  var started = false;

  function start() {
    if (started) return;
    started = true;
    import(js)
      .then(function (bindings) {
        return bindings.default({ module_or_path: wasm });
      })
      .then(function (instance) {
        dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
      });
  }

  // A form sent before the app has taken over would go to the static host, which cannot take
  // it: hold it and start the app now. (Once the app is live, it handles every form itself.)
  addEventListener('submit', function (event) {
    var root = document.getElementById('app');
    if (!(root && root.getAttribute('data-app'))) {
      event.preventDefault();
      start();
    }
  }, true);

  // Once the page is idle, so the app's download never competes with the page's own paint.
  function soon() {
    if (window.requestIdleCallback) {
      requestIdleCallback(start, { timeout: 1000 });
    } else {
      setTimeout(start, 200);
    }
  }

  // Offline reading (sw.js), once the app has started: its download never competes with the
  // app's own, and the files it keeps are in the browser's cache already.
  function keepForOffline() {
    if (!('serviceWorker' in navigator)) return;
    var folder = script.src.replace(/[^/]*$/, '');
    navigator.serviceWorker
      .register(folder + 'sw.js', { scope: new URL(folder).pathname })
      .catch(function () {});
  }
  addEventListener('TrunkApplicationStarted', keepForOffline, { once: true });

  var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  if (types.indexOf('largest-contentful-paint') >= 0) {
    // The first report means the page's main content is on screen; wait for load too.
    var painted = false;
    var loaded = document.readyState === 'complete';
    var ready = function () {
      if (painted && loaded) soon();
    };
    new PerformanceObserver(function () {
      painted = true;
      ready();
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    addEventListener('load', function () {
      loaded = true;
      ready();
    });
    // Pages opened in the background report nothing until shown: start anyway, a little later.
    addEventListener('load', function () {
      setTimeout(start, 3000);
    });
  } else if (document.readyState === 'complete') {
    requestAnimationFrame(soon);
  } else {
    addEventListener('load', function () {
      requestAnimationFrame(soon);
    });
  }
})();
