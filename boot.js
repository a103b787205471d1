// Starts the app once the words are painted; the page preloads its wasm. Why: README, "How it
// is laid out", and bench/RESULTS.md.
(function () {
  var script = document.currentScript;
  var wasm = document.querySelector('link[rel="preload"][type="application/wasm"]').href;
  // Trunk names the JS that runs the wasm after it: app-HASH_bg.wasm, app-HASH.js.
  var js = wasm.replace(/_bg\.wasm$/, '.js');
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

  // The static host cannot take a form: hold it until the app is live, start it now, and hand
  // it over once the app has adopted the page (what was chosen or typed is still in it).
  var held = null;
  addEventListener('submit', function (event) {
    var root = document.getElementById('app');
    if (!(root && root.getAttribute('data-app'))) {
      event.preventDefault();
      held = event.target;
      start();
    }
  }, true);
  addEventListener('advocacy-live', function () {
    if (held && held.isConnected) {
      held.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    }
    held = null;
  }, { once: true });

  // Offline reading (sw.js), once the app's own files are in.
  addEventListener('TrunkApplicationStarted', function () {
    if (!('serviceWorker' in navigator)) return;
    var folder = script.src.replace(/[^/]*$/, '');
    navigator.serviceWorker
      .register(folder + 'sw.js', { scope: new URL(folder).pathname })
      .catch(function () {});
  }, { once: true });

  // A task queued in a frame's callback runs after that frame is painted. A page opened in the
  // background paints nothing until shown: start anyway.
  requestAnimationFrame(function () {
    setTimeout(start, 0);
  });
  setTimeout(start, 1000);
})();
