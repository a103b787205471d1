//! The app holds rules, not words: none of the sentences a person reads in the checker or the
//! referral is compiled into the built wasm. They reach the browser in the pre-rendered pages and
//! the wording file, one per language, so one app serves every language.

use std::path::{Path, PathBuf};

use content_pipeline::front_matter;
use content_pipeline::sentences::{all_sentences, word_count};

/// The release build's wasm in `dist/` (`make test` builds it first).
fn built_wasm() -> Vec<u8> {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    let wasm = std::fs::read_dir(&dist)
        .expect("no dist/: run `make test`")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .expect("no wasm in dist/: run `make test`");
    std::fs::read(wasm).unwrap()
}

/// Every markdown file in a folder and the folders inside it.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files
}

/// Every sentence of five words or more in a wording file: its front-matter fields and its body.
fn sentences_of(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.display().to_string();
    let (fields, body) = front_matter::split(&name, &text).unwrap();
    let mut sentences: Vec<String> = fields
        .keys()
        .filter_map(|(key, _)| fields.get(key))
        .flat_map(all_sentences)
        .collect();
    sentences.extend(all_sentences(&body));
    sentences.retain(|s| word_count(s) >= 5 && !s.contains("{{"));
    sentences
}

/// The sentences found in `bytes`, as written or as HTML escapes them.
fn found_in(bytes: &[u8], sentences: &[String]) -> Vec<String> {
    let escaped = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    sentences
        .iter()
        .filter(|s| {
            [s.to_string(), escaped(s)]
                .iter()
                .any(|form| bytes.windows(form.len()).any(|w| w == form.as_bytes()))
        })
        .cloned()
        .collect()
}

#[test]
fn the_search_finds_a_sentence_that_is_there() {
    let sentences = vec!["You can ask for an advocate at any time.".to_string()];
    let bytes = b"\0\x01You can ask for an advocate at any time.\0".to_vec();
    assert_eq!(found_in(&bytes, &sentences), sentences);
    assert!(found_in(b"You can ask for", &sentences).is_empty());
}

#[test]
fn the_built_wasm_holds_none_of_the_checker_and_referral_sentences() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut sentences: Vec<String> = ["check", "refer"]
        .iter()
        .flat_map(|dir| markdown_files(&root.join(dir)))
        .flat_map(|file| sentences_of(&file))
        .collect();
    sentences.sort();
    sentences.dedup();
    assert!(
        sentences.len() > 150,
        "only {} sentences read: is content/ there?",
        sentences.len()
    );
    let found = found_in(&built_wasm(), &sentences);
    assert!(
        found.is_empty(),
        "{} of {} sentences are in the wasm, for example: {:?}",
        found.len(),
        sentences.len(),
        &found[..found.len().min(5)]
    );
    println!("checked {} sentences: none in the wasm", sentences.len());
}
