//! Renders `content/*.md` to HTML before the app compiles, so the browser never parses markdown.
//! A content mistake stops the build here with `file:line: what to fix`.

use std::path::Path;

// The flow's rules, so the build can check their wording exists. Plain Rust, no imports.
#[allow(dead_code)]
#[path = "src/check/flow.rs"]
mod flow;

use content_pipeline::check::FlowSpec;

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=config.json");
    println!("cargo:rerun-if-changed=src/check/flow.rs");
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
    let phone = content_pipeline::read_phone(Path::new("config.json")).unwrap_or_else(|e| fail(&e));
    let site = content_pipeline::load_site(Path::new("content"), &phone, &spec)
        .unwrap_or_else(|e| fail(&e));
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    std::fs::write(out.join("content.rs"), content_pipeline::to_rust(&site))
        .expect("write generated content");
    std::fs::write(
        out.join("check_text.rs"),
        content_pipeline::check::to_rust(&site.check),
    )
    .expect("write generated flow wording");
}

fn fail(error: &content_pipeline::ContentError) -> ! {
    eprintln!("\nContent error: {error}\n");
    std::process::exit(1);
}
