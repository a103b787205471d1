//! Renders `content/*.md` to HTML before the app compiles, so the browser never parses markdown.
//! A content mistake stops the build here with `file:line: what to fix`.

use std::path::Path;

// The flow's rules, so the build can check their wording exists. Plain Rust, no imports.
#[allow(dead_code)]
#[path = "src/check/flow.rs"]
mod flow;

// The referral form's fields, so the build can check their wording exists.
#[allow(dead_code)]
#[path = "src/referral/form.rs"]
mod form;

use content_pipeline::check::FlowSpec;
use content_pipeline::refer::{FieldSpec, FormSpec};

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=config.json");
    println!("cargo:rerun-if-changed=src/check/flow.rs");
    println!("cargo:rerun-if-changed=src/referral/form.rs");
    println!("cargo:rerun-if-env-changed=PUBLIC_URL");
    // The sub-path the site is served under ("" for the root), for links in content and in code.
    let base = std::env::var("PUBLIC_URL").unwrap_or_default();
    let base = base.trim_end_matches('/');
    let valid = base.is_empty()
        || (base.starts_with('/')
            && base
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_".contains(c)));
    if !valid {
        eprintln!("\nPUBLIC_URL must be a path like /advocacy/, not `{base}`\n");
        std::process::exit(1);
    }
    println!("cargo:rustc-env=SITE_BASE={base}");
    let spec = FlowSpec {
        questions: flow::QUESTIONS
            .iter()
            .map(|q| {
                (
                    q.key.to_string(),
                    q.choices.iter().map(|c| c.value.to_string()).collect(),
                )
            })
            .collect(),
        outcomes: flow::OUTCOMES.iter().map(|o| o.to_string()).collect(),
    };
    let form_spec = FormSpec {
        pages: form::PAGES
            .iter()
            .map(|p| (p.key.to_string(), p.fields.iter().map(field_spec).collect()))
            .collect(),
    };
    let phone = content_pipeline::read_phone(Path::new("config.json")).unwrap_or_else(|e| fail(&e));
    let site = content_pipeline::load_site(Path::new("content"), &phone, &spec, &form_spec)
        .unwrap_or_else(|e| fail(&e));
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    // The code names words by key; the words go into the wording file (English here; the
    // pre-render step copies it into the site with a content hash).
    let mut wording = content_pipeline::wording::Wording::default();
    let generated = [
        (
            "content.rs",
            content_pipeline::to_rust(&site, base, &mut wording),
        ),
        (
            "check_text.rs",
            content_pipeline::check::to_rust(&site.check, base, &mut wording),
        ),
        (
            "refer_text.rs",
            content_pipeline::refer::to_rust(&site.refer, base, &mut wording),
        ),
        ("wording-en.json", wording.to_json()),
        ("wording_fingerprint.txt", wording.fingerprint()),
    ];
    for (name, text) in generated {
        std::fs::write(out.join(name), text).expect("write generated content");
    }
}

fn field_spec(f: &form::Field) -> FieldSpec {
    let options = match f.kind {
        form::Kind::Radios(values) | form::Kind::Checkboxes(values) => {
            values.iter().map(|v| v.to_string()).collect()
        }
        _ => Vec::new(),
    };
    FieldSpec {
        key: f.key.to_string(),
        required: f.needed != form::Needed::Optional,
        options,
    }
}

fn fail(error: &content_pipeline::ContentError) -> ! {
    eprintln!("\nContent error: {error}\n");
    std::process::exit(1);
}
