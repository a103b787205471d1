// Listen (issue 23): reads the page's own words aloud with the phone's own voice, one sentence
// at a time, marking the sentence being read. Plain JavaScript beside the wasm: it needs no
// state from the app, and is smaller than web-sys bindings for speech. It holds no words: its
// buttons are the build's, in <template id="listen"> (content/_site.md). README, "Listen".
(function () {
  var synth = window.speechSynthesis;
  var template = document.getElementById('listen');
  var main = document.getElementById('main');
  if (!synth || !window.SpeechSynthesisUtterance || !template || !main) return;

  var UNIT = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,legend,label,.hint,figcaption,summary';
  // Never read: what is not shown, form fields (what the person typed or chose), the buttons.
  var SKIP = '[hidden],[aria-hidden="true"],.visually-hidden,.listen,.back-link,' +
    'script,style,template,noscript,textarea,select,button';
  var voice = null;
  var box = null; // the buttons on the page, once placed
  var play, stop, slower;
  var state = 'idle'; // 'reading' | 'paused'
  var list = []; // [{ unit: index, start, end, text }]
  var at = 0; // the sentence being read
  var turn = 0; // ignores events of an utterance spoken before the last change
  var marks = [];

  // A sentence ends at . ? or ! followed by a space or the end; closing quotes and brackets
  // belong to it: as crates/content-pipeline/src/sentences.rs finds them.
  function sentences(text) {
    var out = [];
    var start = 0;
    for (var i = 0; i < text.length; i++) {
      if ('.?!'.indexOf(text[i]) < 0) continue;
      var j = i + 1;
      while (j < text.length && '"\'”’)]'.indexOf(text[j]) >= 0) j++;
      if (j === text.length || /\s/.test(text[j])) {
        out.push([start, j]);
        start = j;
      }
    }
    if (text.slice(start).trim()) out.push([start, text.length]);
    return out.map(function (s) {
      while (s[0] < s[1] && /\s/.test(text[s[0]])) s[0]++;
      return s;
    });
  }

  // Each paragraph, list item, heading, label and hint of the page, in order, as its text nodes.
  function units() {
    var found = new Map();
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (parent.closest(SKIP) || !parent.getClientRects().length) continue;
      var unit = parent.closest(UNIT) || parent;
      if (!found.has(unit)) found.set(unit, { nodes: [] });
      found.get(unit).nodes.push(node);
    }
    return Array.from(found.values());
  }

  function text(unit) {
    return unit.nodes.map(function (n) { return n.data; }).join('');
  }

  function collect() {
    var out = [];
    units().forEach(function (unit, u) {
      var whole = text(unit);
      sentences(whole).forEach(function (s) {
        var words = whole.slice(s[0], s[1]).replace(/\s+/g, ' ').trim();
        if (/[\p{L}\p{N}]/u.test(words)) out.push({ unit: u, start: s[0], end: s[1], text: words });
      });
    });
    return out;
  }

  // Marks a sentence without moving focus: a <mark> round its part of each text node.
  function mark(sentence) {
    unmark();
    var unit = units()[sentence.unit];
    if (!unit) return;
    var offset = 0;
    var parts = [];
    unit.nodes.forEach(function (node) {
      var from = Math.max(sentence.start - offset, 0);
      var to = Math.min(sentence.end - offset, node.data.length);
      if (from < to && node.data.slice(from, to).trim()) parts.push([node, from, to]);
      offset += node.data.length;
    });
    parts.forEach(function (p) {
      var range = document.createRange();
      range.setStart(p[0], p[1]);
      range.setEnd(p[0], p[2]);
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
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
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
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = slower.getAttribute('aria-pressed') === 'true' ? 0.7 : 1;
    u.onend = function () {
      if (mine !== turn || state !== 'reading') return;
      at++;
      speak();
    };
    u.onerror = function () {
      if (mine === turn && state === 'reading') end();
    };
    synth.speak(u);
  }

  // Pause cancels and Resume speaks the sentence again: Android's pause() cancels anyway.
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

  function show() {
    if (!box) return;
    var had = box.contains(document.activeElement) && document.activeElement !== play;
    play.textContent = state === 'reading' ? play.dataset.pause
      : state === 'paused' ? play.dataset.resume : play.dataset.listen;
    stop.hidden = slower.hidden = state === 'idle';
    if (had && stop.hidden) play.focus();
  }

  function onPlay() {
    if (state === 'reading') {
      state = 'paused';
      quiet();
    } else {
      if (state === 'idle') {
        list = collect();
        at = 0;
      }
      state = 'reading';
      synth.cancel();
      speak();
    }
    show();
  }

  // Voices for the page's language, in the browser itself (never a voice from a server):
  // en-GB first for English.
  function pick() {
    var want = (document.documentElement.lang || 'en').toLowerCase();
    var first = want === 'en' ? 'en-gb' : want;
    var best = null;
    var score = 0;
    synth.getVoices().forEach(function (v) {
      var lang = (v.lang || '').toLowerCase().replace('_', '-');
      if (v.localService === false) return;
      var s = lang === first ? 3 : lang === want ? 2 : lang.split('-')[0] === want.split('-')[0] ? 1 : 0;
      if (s > score) {
        score = s;
        best = v;
      }
    });
    return best;
  }

  // Puts the buttons under the page's heading (after the legend or label it sits in), unless
  // the page says it shows what was typed (Check your answers, the confirmation).
  function place() {
    end();
    if (box) box.remove();
    box = null;
    var h1 = main.querySelector('h1');
    if (!voice || !h1 || main.querySelector('[data-no-listen]')) return;
    box = template.content.firstElementChild.cloneNode(true);
    play = box.querySelector('.listen__play');
    stop = box.querySelector('.listen__stop');
    slower = box.querySelector('.listen__slower');
    play.dataset.listen = play.textContent;
    play.addEventListener('click', onPlay);
    stop.addEventListener('click', end);
    slower.addEventListener('click', function () {
      slower.setAttribute('aria-pressed', slower.getAttribute('aria-pressed') !== 'true');
    });
    (h1.closest('legend,label') || h1).after(box);
  }

  function voices() {
    var had = voice;
    voice = pick();
    if (!voice !== !had) place();
  }

  // A new page in main (the app draws each page there), or the same page drawn again.
  new MutationObserver(function () {
    if (!box || !main.contains(box)) place();
  }).observe(main, { childList: true, subtree: true });
  addEventListener('pagehide', end);
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) end();
  });
  if (synth.addEventListener) synth.addEventListener('voiceschanged', voices);
  else synth.onvoiceschanged = voices;
  voices();
})();
