use super::*;
use std::fs;

/// A throwaway `content/` with an English page and form words, and a Polish translation.
struct Content(PathBuf);

impl Content {
    fn new(name: &str) -> Content {
        let dir = std::env::temp_dir().join(format!("po-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pl/refer")).unwrap();
        fs::create_dir_all(dir.join("refer")).unwrap();
        let content = Content(dir);
        content.put(
            "imha.md",
            "---\n# A comment the translation drops.\ntitle: What an IMHA is\ndescription: D\nlast_reviewed: 2026-11-25\n---\n# What an IMHA is\n\nAn IMHA helps you.\nIt is free.\n\n- [Call us](tel:1)\n- [Refer](/refer)\n",
        );
        content.put(
            "refer/_form.md",
            "---\nerror_title: \"Error: {title}\"\nchars_left.one: You have {n} character remaining\nchars_left.other: You have {n} characters remaining\n---\nNeeds JavaScript.\n",
        );
        content.put("contact.md", "---\ntitle: Contact\n---\n# Contact\n");
        content.put(
            "refer/who.md",
            "---\ntitle: Who\noption.referrer_role.other: Other\n---\n",
        );
        content
    }

    fn put(&self, path: &str, text: &str) {
        let file = self.0.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.0.join(path)).unwrap()
    }

    fn hash(&self, path: &str) -> String {
        source_hash(&self.read(path))
    }

    fn polish(&self) {
        let imha = format!(
            "---\ntranslated_from: {}\ntitle: Czym jest IMHA\ndescription: O\nlast_reviewed: 2026-11-25\n---\n# Czym jest IMHA\n\nIMHA ci pomaga.\nJest bezpłatny.\n\n- [Zadzwoń](tel:1)\n- [Skieruj](/refer)\n",
            self.hash("imha.md")
        );
        self.put("pl/imha.md", &imha);
        let form = format!(
            "---\ntranslated_from: {}\nreviewed: 2026-12-07\nerror_title: \"Błąd: {{title}}\"\nchars_left.one: Został {{n}} znak\nchars_left.few: Zostały {{n}} znaki\nchars_left.many: Zostało {{n}} znaków\nchars_left.other: Zostało {{n}} znaku\n---\nPotrzebny JavaScript.\n",
            self.hash("refer/_form.md")
        );
        self.put("pl/refer/_form.md", &form);
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn polish() -> Language {
    Language {
        code: "pl".into(),
        name: "Polski".into(),
        english_name: "Polish".into(),
        plural_forms: ["one", "few", "many", "other"].map(String::from).to_vec(),
        translated: String::new(),
        not_reviewed: String::new(),
        stale: String::new(),
        english_only: String::new(),
        switch_label: String::new(),
    }
}

/// Writes what an import gives, as the command does.
fn write_all(files: &[(PathBuf, String)]) {
    for (path, text) in files {
        fs::write(path, text).unwrap();
    }
}

#[test]
fn export_then_import_gives_the_same_files_byte_for_byte() {
    let content = Content::new("round-trip");
    content.polish();
    let before = (
        content.read("pl/imha.md"),
        content.read("pl/refer/_form.md"),
    );
    let po = export(&content.0, &polish()).unwrap();
    let files = import(&content.0, &polish(), &po).unwrap();
    assert_eq!(files.len(), 2, "the untranslated contact.md is left out");
    write_all(&files);
    assert_eq!(content.read("pl/imha.md"), before.0);
    assert_eq!(content.read("pl/refer/_form.md"), before.1);
    // And the PO made again from them is the same PO.
    assert_eq!(export(&content.0, &polish()).unwrap(), po);
}

#[test]
fn the_po_file_pairs_each_english_part_with_its_translation() {
    let content = Content::new("pairs");
    content.polish();
    let po = export(&content.0, &polish()).unwrap();
    assert!(
        po.contains(
            "msgctxt \"imha.md|title\"\nmsgid \"What an IMHA is\"\nmsgstr \"Czym jest IMHA\""
        ),
        "{po}"
    );
    assert!(po.contains("msgctxt \"imha.md|block 2\"\nmsgid \"An IMHA helps you.\\nIt is free.\"\nmsgstr \"IMHA ci pomaga.\\nJest bezpłatny.\""), "{po}");
    // Polish's "few" and "many", which English lacks, are asked for with the English "other".
    assert!(po.contains("msgctxt \"refer/_form.md|chars_left.few\"\nmsgid \"You have {n} characters remaining\"\nmsgstr \"Zostały {n} znaki\""), "{po}");
    // An answer called "other" is not a count.
    assert!(!po.contains("referrer_role.few"), "{po}");
    // A file not translated yet is there for the translator, empty.
    assert!(
        po.contains("msgctxt \"contact.md|title\"\nmsgid \"Contact\"\nmsgstr \"\""),
        "{po}"
    );
    assert!(!po.contains("fuzzy"), "nothing is stale");
}

#[test]
fn a_stale_translation_is_fuzzy_and_keeps_its_old_source_until_checked() {
    let content = Content::new("fuzzy");
    content.polish();
    let old = content.hash("imha.md");
    content.put(
        "imha.md",
        &content
            .read("imha.md")
            .replace("It is free.", "It is free and private."),
    );
    let po = export(&content.0, &polish()).unwrap();
    assert!(po.contains("#, fuzzy"), "{po}");
    write_all(&import(&content.0, &polish(), &po).unwrap());
    assert!(content
        .read("pl/imha.md")
        .contains(&format!("translated_from: {old}")));
    // A translator who has checked every part clears the marks: now it is made from the new English.
    let checked = po.replace("#, fuzzy\n", "");
    write_all(&import(&content.0, &polish(), &checked).unwrap());
    assert!(content
        .read("pl/imha.md")
        .contains(&format!("translated_from: {}", content.hash("imha.md"))));
}

#[test]
fn a_half_translated_file_is_refused_naming_what_is_missing() {
    let content = Content::new("half");
    content.polish();
    let po = export(&content.0, &polish())
        .unwrap()
        .replace("msgstr \"Czym jest IMHA\"", "msgstr \"\"");
    let error = import(&content.0, &polish(), &po).unwrap_err();
    assert!(error.message.contains("imha.md|title"), "{}", error.message);
}

#[test]
fn a_translation_with_other_blocks_than_its_english_cannot_be_exported() {
    let content = Content::new("blocks");
    content.polish();
    content.put(
        "pl/imha.md",
        &content
            .read("pl/imha.md")
            .replace("IMHA ci pomaga.\nJest", "IMHA ci pomaga.\n\nJest"),
    );
    let error = export(&content.0, &polish()).unwrap_err();
    assert!(error.file.ends_with("pl/imha.md"));
    assert!(error.message.contains("4 blocks"), "{}", error.message);
}
