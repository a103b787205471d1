// Listen: reads main aloud with the device's own voice, a sentence at a time, the sentence in a
// <mark>. Its buttons and words are the build's (<template id="listen">). README, "Listen".
(function () {
  var synth = window.speechSynthesis;
  var template = document.getElementById('listen');
  var main = document.getElementById('main');
  if (!synth || !template || !main) return;
  // Never read: what is hidden, what was typed or chosen, the buttons.
  var SKIP = '[hidden],[aria-hidden=true],.visually-hidden,.listen,.back-link,textarea,select,button,noscript';
  var UNIT = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,legend,label,.hint,figcaption,summary';
  var voice, box, play, stop, slower;
  var state = 'idle'; // or 'reading', 'paused'
  var list = []; // the page's sentences: { unit, start, end, text }
  var at = 0; // the one being read
  var turn = 0; // an utterance's events count only in its own turn
  var marks = [];

  // As crates/content-pipeline/src/sentences.rs: a sentence ends at . ? ! or the danda (।, in
  // Punjabi and Nepali), with any closing quotes and brackets, followed by a space or the end.
  function sentences(text) {
    var out = [];
    var start = 0;
    for (var i = 0; i < text.length; i++) {
      if ('.?!।॥'.indexOf(text[i]) < 0) continue;
      var j = i + 1;
      while (j < text.length && '"\'”’»)]'.indexOf(text[j]) >= 0) j++;
      if (j === text.length || /\s/.test(text[j])) {
        out.push([start, j]);
        start = j;
      }
    }
    if (text.slice(start).trim()) out.push([start, text.length]);
    return out.map(function (s) {
      while (/\s/.test(text[s[0]])) s[0]++;
      return s;
    });
  }

  // The language an element is written in: a page not yet translated is English (lang="en")
  // inside a page in another language.
  function langOf(element) {
    var where = element && element.closest('[lang]');
    return where ? where.lang : document.documentElement.lang;
  }

  // Each paragraph, list item, heading, label and hint shown, in order, as [element, text nodes].
  function units() {
    var found = new Map();
    var walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (var node; (node = walk.nextNode()); ) {
      var parent = node.parentElement;
      if (parent.closest(SKIP) || !parent.getClientRects().length) continue;
      var unit = parent.closest(UNIT) || parent;
      found.set(unit, (found.get(unit) || []).concat(node));
    }
    return Array.from(found.entries());
  }

  function collect() {
    list = [];
    units().forEach(function (entry, unit) {
      var whole = entry[1].map(function (n) { return n.data; }).join('');
      var lang = langOf(entry[0]);
      sentences(whole).forEach(function (s) {
        var text = whole.slice(s[0], s[1]).replace(/\s+/g, ' ').trim();
        if (/[\p{L}\p{N}]/u.test(text)) list.push({ unit: unit, start: s[0], end: s[1], text: text, lang: lang });
      });
    });
  }

  // Marks a sentence (a <mark> in each text node it spans) and keeps it in view; focus stays.
  function mark(sentence) {
    unmark();
    var offset = 0;
    (units()[sentence.unit] || [null, []])[1].forEach(function (node) {
      var length = node.data.length;
      var from = Math.max(sentence.start - offset, 0);
      var to = Math.min(sentence.end - offset, length);
      offset += length;
      if (from >= to || !node.data.slice(from, to).trim()) return;
      var range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      var m = document.createElement('mark');
      range.surroundContents(m);
      marks.push(m);
    });
    if (marks[0]) marks[0].scrollIntoView({ block: 'nearest' });
  }

  function unmark() {
    marks.forEach(function (m) {
      var parent = m.parentNode;
      if (!parent) return;
      m.replaceWith.apply(m, m.childNodes);
      parent.normalize();
    });
    marks = [];
  }

  function speak() {
    var sentence = list[at];
    if (!sentence) return end();
    mark(sentence);
    var mine = ++turn;
    var u = new SpeechSynthesisUtterance(sentence.text);
    // Each sentence in a voice for its own language, if the device has one.
    var v = pick(sentence.lang) || voice;
    u.voice = v;
    u.lang = v.lang;
    u.rate = slower.getAttribute('aria-pressed') === 'true' ? 0.7 : 1;
    u.onend = function () {
      if (mine === turn) {
        at++;
        speak();
      }
    };
    u.onerror = function () {
      if (mine === turn) end();
    };
    synth.speak(u);
  }

  // Pause cancels and Resume says the sentence again: on Android pause() cancels anyway.
  function quiet() {
    turn++;
    synth.cancel();
  }

  function end() {
    if (state !== 'idle') quiet();
    state = 'idle';
    unmark();
    show();
  }

  // The first button says what it will do next; Stop and Slower show while reading.
  function show() {
    if (!box) return;
    var lost = box.contains(document.activeElement) && document.activeElement !== play;
    play.textContent = play.dataset[state === 'reading' ? 'pause' : state === 'paused' ? 'resume' : 'listen'];
    stop.hidden = slower.hidden = state === 'idle';
    if (lost && stop.hidden) play.focus();
  }

  function onPlay() {
    if (state === 'reading') {
      state = 'paused';
      quiet();
    } else {
      if (state === 'idle') {
        collect();
        at = 0;
      }
      state = 'reading';
      quiet();
      speak();
    }
    show();
  }

  // A voice on the device (never one on a server) for a language (the page's heading's, if none
  // is given), en-GB first for English.
  function pick(lang) {
    var want = (lang || langOf(main.querySelector('h1'))).toLowerCase();
    var best, score = 0;
    synth.getVoices().forEach(function (v) {
      var lang = v.lang.toLowerCase().replace('_', '-');
      var s = v.localService === false ? 0 : lang === want ? 3 : lang === 'en-gb' ? 2 : lang.split('-')[0] === want.split('-')[0] ? 1 : 0;
      if (s > score && (s !== 2 || want.slice(0, 2) === 'en')) {
        score = s;
        best = v;
      }
    });
    return best;
  }

  // The buttons go under the page's heading, unless the page shows what was typed.
  function place() {
    end();
    if (box) box.remove();
    box = null;
    voice = pick();
    var h1 = main.querySelector('h1');
    if (!voice || !h1 || main.querySelector('[data-no-listen]')) return;
    box = template.content.firstElementChild.cloneNode(true);
    play = box.querySelector('.listen__play');
    stop = box.querySelector('.listen__stop');
    slower = box.querySelector('.listen__slower');
    play.dataset.listen = play.textContent;
    play.onclick = onPlay;
    stop.onclick = end;
    slower.onclick = function () {
      slower.setAttribute('aria-pressed', slower.getAttribute('aria-pressed') !== 'true');
    };
    (h1.closest('legend,label') || h1).after(box);
  }

  function voices() {
    var had = voice;
    voice = pick();
    if (!voice !== !had) place();
  }

  // The app draws each new page in main: stop, and place the buttons again.
  new MutationObserver(function () {
    if (!box || !main.contains(box)) place();
  }).observe(main, { childList: true, subtree: true });
  addEventListener('pagehide', end);
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) end();
  });
  synth.addEventListener('voiceschanged', voices);
  voices();
})();
