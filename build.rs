//! Renders `content/*.md` to HTML before the app compiles, so the browser never parses markdown.
//! A content mistake stops the build here with `file:line: what to fix`.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=config.json");
    let phone = content_pipeline::read_phone(Path::new("config.json")).unwrap_or_else(|e| fail(&e));
    let site =
        content_pipeline::load_site(Path::new("content"), &phone).unwrap_or_else(|e| fail(&e));
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("content.rs");
    std::fs::write(&out, content_pipeline::to_rust(&site)).expect("write generated content");
}

fn fail(error: &content_pipeline::ContentError) -> ! {
    eprintln!("\nContent error: {error}\n");
    std::process::exit(1);
}
