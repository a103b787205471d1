//! Browser tests of Listen (issue 23, `listen.js`): the release build in Chromium, with a
//! recording stand-in for `speechSynthesis` put in the page before it loads. The stand-in keeps
//! every call (`window.said`: "speak:<text>", "cancel"), fires `start` and `end` for each
//! utterance by itself, or one at a time when the test asks (`window.holding`, `window.finish()`),
//! and offers its voices only once the page has loaded, with `voiceschanged`, as Chrome does.

mod support;

use advocacy::content::SHELL;
use serde_json::{json, Value};
use support::*;

/// The stand-in, for the voices given (`None`: a browser with no `speechSynthesis` at all).
fn stand_in(voices: Option<Value>) -> String {
    let Some(voices) = voices else {
        return "Object.defineProperty(window, 'speechSynthesis', { value: undefined });".into();
    };
    format!(
        r#"(() => {{
  const said = (window.said = []);
  window.utterances = [];
  let queue = [], current = null;
  const fire = (u, type, extra) => {{
    const e = Object.assign(new Event(type), extra || {{}});
    if (typeof u['on' + type] === 'function') u['on' + type](e);
    u.dispatchEvent(e);
  }};
  const next = () => {{
    if (current || !queue.length) return;
    const u = (current = queue.shift());
    setTimeout(() => {{
      if (current !== u) return;
      fire(u, 'start');
      if (!window.holding) setTimeout(() => finish(u), 2);
    }}, 0);
  }};
  const finish = (u) => {{
    if (current !== u) return;
    current = null;
    fire(u, 'end');
    next();
  }};
  window.finish = () => current && finish(current);
  class Utterance extends EventTarget {{
    constructor(text) {{ super(); this.text = text; this.rate = 1; this.lang = ''; this.voice = null; }}
  }}
  class Synth extends EventTarget {{
    constructor() {{ super(); this.voices = []; }}
    getVoices() {{ return this.voices; }}
    speak(u) {{ said.push('speak:' + u.text); window.utterances.push(u); queue.push(u); next(); }}
    cancel() {{
      said.push('cancel');
      const dropped = queue.splice(0);
      const c = current;
      current = null;
      if (c) fire(c, 'error', {{ error: 'interrupted' }});
      dropped.forEach((u) => fire(u, 'error', {{ error: 'canceled' }}));
    }}
    pause() {{ said.push('pause'); }}
    resume() {{ said.push('resume'); }}
    get speaking() {{ return !!current; }}
    get pending() {{ return queue.length > 0; }}
    get paused() {{ return false; }}
  }}
  const synth = new Synth();
  Object.defineProperty(window, 'speechSynthesis', {{ value: synth, configurable: true }});
  window.SpeechSynthesisUtterance = Utterance;
  // Late, as Chrome's are: after every script of the page has run.
  addEventListener('load', () => setTimeout(() => {{
    synth.voices = {voices};
    synth.dispatchEvent(new Event('voiceschanged'));
  }}, 200));
}})();"#
    )
}

fn voice(lang: &str, local: bool) -> Value {
    json!({ "name": format!("Test {lang}"), "lang": lang, "localService": local, "default": false, "voiceURI": lang })
}

/// An English voice and a Polish one, both on the device.
fn usual_voices() -> Option<Value> {
    Some(json!([voice("pl-PL", true), voice("en-GB", true)]))
}

/// Puts the stand-in in every page this browser loads from now on.
async fn install(client: &fantoccini::Client, voices: Option<Value>) {
    devtools(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": stand_in(voices) }),
    )
    .await;
}

/// Opens a page with the stand-in speaking English, and waits for the Listen button.
async fn open_with_voice(client: &fantoccini::Client, path: &str) {
    install(client, usual_voices()).await;
    open(client, path).await;
    wait_for_listen(client).await;
}

async fn wait_for_listen(client: &fantoccini::Client) {
    wait_until(
        client,
        "document.querySelector('main .listen__play')",
        "the Listen button",
    )
    .await;
}

/// Everything the stand-in was asked to do, in order.
async fn said(client: &fantoccini::Client) -> Vec<String> {
    serde_json::from_value(js(client, "return window.said").await).unwrap()
}

/// The sentences spoken, in order.
async fn spoken(client: &fantoccini::Client) -> Vec<String> {
    said(client)
        .await
        .into_iter()
        .filter_map(|s| s.strip_prefix("speak:").map(String::from))
        .collect()
}

/// What is marked on the page now, as one sentence.
async fn marked(client: &fantoccini::Client) -> String {
    js_string(
        client,
        "return [...document.querySelectorAll('main mark')].map(m => m.textContent).join('').replace(/\\s+/g, ' ').trim()",
    )
    .await
}

async fn play_label(client: &fantoccini::Client) -> String {
    js_string(
        client,
        "return document.querySelector('main .listen__play').textContent",
    )
    .await
}

/// Clicks Listen and lets the stand-in read the whole page.
async fn listen_to_the_end(client: &fantoccini::Client) -> Vec<String> {
    click(client, "main .listen__play").await;
    let [listen, ..] = SHELL.listen;
    wait_until(
        client,
        &format!(
            "window.said.length > 1 && document.querySelector('main .listen__play').textContent === {listen:?}"
        ),
        "the end of reading",
    )
    .await;
    spoken(client).await
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn imha_is_read_sentence_by_sentence_in_page_order_as_the_build_counts_them() {
    with_browser(Screen::Phone360, |client| async move {
        open_with_voice(&client, "/imha").await;
        let spoken = listen_to_the_end(&client).await;
        // The page's sentences as the build's sentence check finds them in content/imha.md.
        let source = std::fs::read_to_string("content/imha.md").unwrap();
        let (_, body) = content_pipeline::front_matter::split("content/imha.md", &source).unwrap();
        let expected = content_pipeline::sentences::all_sentences(
            &body.replace("{{phone}}", SHELL.phone_display),
        );
        assert_eq!(spoken, expected);
        let h1 = js_string(&client, "return document.querySelector('h1').textContent").await;
        assert_eq!(spoken[0], flat(&h1), "the heading first");
        for sentence in &spoken {
            assert!(sentence.split_whitespace().count() < 40, "{sentence}");
        }
        assert_eq!(
            marked(&client).await,
            "",
            "no mark once reading has stopped"
        );
    })
    .await;
}

#[tokio::test]
async fn the_browser_splits_the_shared_examples_as_the_build_does() {
    with_browser(Screen::Desktop, |client| async move {
        open_with_voice(&client, "/imha").await;
        let cases: Vec<Value> =
            serde_json::from_str(include_str!("../crates/content-pipeline/sentence-cases.json"))
                .unwrap();
        // The page's words become the examples, each a paragraph, under a heading.
        js(
            &client,
            &format!(
                "const cases = {}; const article = document.querySelector('main article');
                 article.innerHTML = '<h1>Examples</h1>';
                 for (const c of cases) {{ const p = document.createElement('p'); p.textContent = c.text; article.append(p); }}
                 return 1",
                Value::Array(cases.clone())
            ),
        )
        .await;
        wait_for_listen(&client).await;
        let mut expected = vec!["Examples".to_string()];
        for case in &cases {
            for s in case["sentences"].as_array().unwrap() {
                expected.push(s.as_str().unwrap().to_string());
            }
        }
        assert_eq!(listen_to_the_end(&client).await, expected);
    })
    .await;
}

#[tokio::test]
async fn the_mark_follows_the_voice_and_pause_resume_stop_and_moving_on_behave() {
    with_browser(Screen::Phone320, |client| async move {
        open_with_voice(&client, "/imha").await;
        js(&client, "window.holding = true; return 1").await;
        let [listen, pause, resume, _, _] = SHELL.listen;
        assert_eq!(play_label(&client).await, listen);
        click(&client, "main .listen__play").await;
        wait_until(&client, "window.said.some(s => s.startsWith('speak:'))", "speech").await;
        let first = spoken(&client).await[0].clone();
        assert_eq!(marked(&client).await, first);
        assert_eq!(play_label(&client).await, pause);
        let focus_on_play =
            "document.activeElement === document.querySelector('main .listen__play')";
        assert_eq!(js(&client, &format!("return {focus_on_play}")).await, true);

        js(&client, "window.finish(); return 1").await;
        wait_until(&client, "window.said.filter(s => s.startsWith('speak:')).length === 2", "the second sentence").await;
        let second = spoken(&client).await[1].clone();
        assert_eq!(marked(&client).await, second, "the mark moves on with the voice");
        assert_eq!(js(&client, &format!("return {focus_on_play}")).await, true, "focus stays");
        assert_axe_clean(&client, "/imha while reading").await;
        assert_valid_html(&client).await;

        // Pause cancels (Android's pause() would anyway); Resume says the sentence again.
        click(&client, "main .listen__play").await;
        assert_eq!(said(&client).await.last().unwrap(), "cancel");
        assert_eq!(play_label(&client).await, resume);
        assert_eq!(marked(&client).await, second, "the place is kept while paused");
        assert_valid_html(&client).await;
        click(&client, "main .listen__play").await;
        wait_until(&client, "window.said.filter(s => s.startsWith('speak:')).length === 3", "the sentence again").await;
        assert_eq!(spoken(&client).await[2], second);

        // Slower: the next sentence is spoken slower.
        click(&client, "main .listen__slower").await;
        js(&client, "window.finish(); return 1").await;
        wait_until(&client, "window.utterances.length === 4", "the third sentence").await;
        assert!(js(&client, "return window.utterances[3].rate").await.as_f64().unwrap() < 1.0);

        // Thirty sentences on, far down a 320 x 640 screen, the mark is still in view.
        for n in 5..35 {
            js(&client, "window.finish(); return 1").await;
            wait_until(&client, &format!("window.utterances.length === {n}"), "the next sentence").await;
        }
        assert_eq!(
            // Within a pixel: the browser scrolls to the nearest edge and rounds sub-pixels.
            js(&client, "const r = document.querySelector('main mark').getBoundingClientRect(); return r.top >= -1 && r.bottom <= innerHeight + 1 && scrollY > 0").await,
            true,
            "the sentence being read is kept in view"
        );

        // Stop: cancelled, no mark, back to one Listen button with the focus on it.
        click(&client, "main .listen__stop").await;
        assert_eq!(said(&client).await.last().unwrap(), "cancel");
        assert_eq!(marked(&client).await, "");
        assert_eq!(play_label(&client).await, listen);
        assert_eq!(js(&client, "return document.querySelector('main .listen__stop').hidden").await, true);
        assert_eq!(js(&client, &format!("return {focus_on_play}")).await, true);

        // A new page while reading: the voice stops, the mark goes, the new page has Listen.
        let before = said(&client).await.len();
        click(&client, "main .listen__play").await;
        wait_until(&client, &format!("window.said.length > {before}"), "speech").await;
        click(&client, "main a[href='/check']").await;
        wait_until(&client, "location.pathname.startsWith('/check')", "the checker").await;
        wait_for_listen(&client).await;
        assert_eq!(said(&client).await.last().unwrap(), "cancel");
        assert_eq!(marked(&client).await, "");
        assert_eq!(play_label(&client).await, listen);
        let after = said(&client).await.len();
        js(&client, "window.finish(); return 1").await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(said(&client).await.len(), after, "nothing more is said");

        // The page hidden (another tab, the screen off) stops it too.
        click(&client, "main .listen__play").await;
        wait_until(&client, "document.querySelector('main mark')", "reading").await;
        js(&client, "Object.defineProperty(document, 'hidden', { value: true, configurable: true }); document.dispatchEvent(new Event('visibilitychange')); return 1").await;
        assert_eq!(said(&client).await.last().unwrap(), "cancel");
        assert_eq!(marked(&client).await, "");
    })
    .await;
}

/// Whether the page shows Listen, a moment after its voices could have arrived.
async fn shows_listen(voices: Option<Value>) -> bool {
    let shown = std::sync::Arc::new(std::sync::Mutex::new(None));
    let slot = shown.clone();
    with_browser(Screen::Desktop, move |client| async move {
        install(&client, voices).await;
        open(&client, "/imha").await;
        wait_until(&client, "document.readyState === 'complete'", "the page").await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let found = js(&client, "return !!document.querySelector('main .listen')").await;
        *slot.lock().unwrap() = Some(found == true);
    })
    .await;
    let found = shown.lock().unwrap().take();
    found.unwrap()
}

#[tokio::test]
async fn no_listen_without_speech_or_without_a_voice_for_the_page_on_the_device() {
    assert!(!shows_listen(None).await, "no speechSynthesis");
    assert!(
        !shows_listen(Some(json!([voice("pl-PL", true)]))).await,
        "only a Polish voice"
    );
    assert!(
        !shows_listen(Some(json!([voice("en-GB", false)]))).await,
        "only a voice on a server"
    );
    assert!(
        shows_listen(Some(json!([voice("en-US", true)]))).await,
        "another English voice, arriving late"
    );
}

#[test]
fn with_javascript_off_the_page_is_unchanged() {
    let (_, page) = fetch_raw("/imha");
    let main = page
        .split("<main")
        .nth(1)
        .unwrap()
        .split("</main>")
        .next()
        .unwrap();
    assert!(
        !main.contains("class=\"listen"),
        "nothing of Listen in main"
    );
    assert!(
        page.contains("<template id=\"listen\">"),
        "the buttons wait in a template"
    );
}

#[tokio::test]
async fn a_name_typed_is_never_read_and_check_your_answers_has_no_listen() {
    with_browser(Screen::Phone360, |client| async move {
        install(&client, usual_voices()).await;
        fill_to_check(&client, site_url()).await;
        assert_eq!(
            js(&client, "return !!document.querySelector('main .listen')").await,
            false,
            "no Listen on Check your answers"
        );
        // Back to the page where the name was typed.
        client
            .goto(&format!("{}/refer/person", site_url()))
            .await
            .unwrap();
        wait_for_app(&client).await;
        wait_for_title(&client, "person").await;
        wait_for_listen(&client).await;
        assert_eq!(
            js(&client, "return document.getElementById('full_name').value").await,
            "Zoë Nguyễn-Smith"
        );
        let spoken = listen_to_the_end(&client).await;
        assert!(spoken.len() > 2, "{spoken:?}");
        for sentence in &spoken {
            assert!(
                !sentence.contains("Zoë") && !sentence.contains("Nguy"),
                "{sentence}"
            );
        }
        // The hints are read; what was typed in the box they describe is not.
        assert!(
            spoken
                .iter()
                .any(|s| s.starts_with("For example, Maidstone")),
            "{spoken:?}"
        );

        // A text box drawn again with what was typed in it: its words are in the page's markup.
        client
            .goto(&format!("{}/refer/help", site_url()))
            .await
            .unwrap();
        wait_for_app(&client).await;
        wait_for_title(&client, "help").await;
        wait_for_listen(&client).await;
        assert!(
            js_string(
                &client,
                "return document.querySelector('main textarea').textContent"
            )
            .await
            .contains("on Tuesday"),
            "what was typed is in the page"
        );
        let spoken = listen_to_the_end(&client).await;
        assert!(spoken.len() > 1, "{spoken:?}");
        for sentence in &spoken {
            assert!(!sentence.contains("Tuesday"), "{sentence}");
        }
    })
    .await;
}
