// For the host website: grows every iframe that shows the advocacy app to fit its content, and
// brings the frame's top into view when the app moves to another page.
//
//   <script src="https://HOST/PATH/embed.js" async></script>
//   <iframe src="https://HOST/PATH/" title="Advocacy in West Kent"></iframe>
//
// Only messages from the app's own origin (where this file came from) are heard, and only for
// the frame that sent them. The app sends them only to origins listed in its config.json.
(function () {
  var appOrigin = new URL(document.currentScript.src).origin;

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  addEventListener('message', function (event) {
    if (event.origin !== appOrigin || !event.data || typeof event.data !== 'object') return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (event.data.type === 'advocacy:height' && typeof event.data.height === 'number') {
      frame.style.width = '100%';
      frame.style.border = '0';
      frame.style.height = Math.ceil(event.data.height) + 'px';
    } else if (event.data.type === 'advocacy:navigated') {
      var top = frame.getBoundingClientRect().top;
      if (top < 0 || top > innerHeight) frame.scrollIntoView();
    }
  });
})();
