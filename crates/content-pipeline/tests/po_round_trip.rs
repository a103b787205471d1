//! Every translation the site has survives a trip through a translator's tool unchanged:
//! exported to a PO file and imported back, each file is the same, byte for byte. So the
//! service can hand a language to a professional translator and take it back without loss.

use std::path::Path;

use content_pipeline::{po, translation};

#[test]
fn each_language_exports_and_imports_to_the_same_files() {
    let content = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content"));
    let languages = translation::languages(content).unwrap();
    assert!(languages.len() > 1, "the site offers other languages");
    for language in &languages[1..] {
        let exported = po::export(content, language).unwrap();
        let files = po::import(content, language, &exported).unwrap();
        assert!(
            files.len() >= 50,
            "{}: {} files",
            language.code,
            files.len()
        );
        for (path, text) in files {
            let on_disk = std::fs::read_to_string(&path).unwrap();
            assert!(
                on_disk == text,
                "{} changes on its way through a PO file: run `cargo run -p content-pipeline --bin translations -- export {code} x.po` and `import {code} x.po` once to write it in the form the tools give back",
                path.display(),
                code = language.code
            );
        }
    }
}
