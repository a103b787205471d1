// Starts the app once the words are painted; the page preloads its files. Why: README, "How it
// is laid out", and bench/RESULTS.md.
(function () {
  var script = document.currentScript;
  var js = document.querySelector('link[rel="modulepreload"]').href;
  var wasm = document.querySelector('link[rel="preload"][type="application/wasm"]').href;
  // Compiled as it arrives, off the main thread. Without the wasm type, wasm-bindgen copes.
  var compiled = WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(fetch(wasm)).catch(function () { return wasm; })
    : wasm;
  var started = false;

  function start() {
    if (started) return;
    started = true;
    Promise.all([import(js), compiled])
      .then(function (ready) {
        return ready[0].default({ module_or_path: ready[1] });
      })
      .then(function (instance) {
        dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
      });
  }

  // The static host cannot take a form: hold it until the app is live, and start it now.
  addEventListener('submit', function (event) {
    var root = document.getElementById('app');
    if (!(root && root.getAttribute('data-app'))) {
      event.preventDefault();
      start();
    }
  }, true);

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
