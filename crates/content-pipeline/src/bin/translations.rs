//! Hands a language's words to a translator and takes them back, as a PO file their tools read.
//!
//!   cargo run -p content-pipeline --bin translations -- export pl pl.po
//!   cargo run -p content-pipeline --bin translations -- import pl pl.po
//!
//! Run from the repository's root. `export` writes every English file with its translation so
//! far (stale ones marked fuzzy); `import` writes `content/pl/…` back, as the build reads it.
//! See `content_pipeline::po`.

use std::path::Path;
use std::process::ExitCode;

use content_pipeline::{po, translation};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let content = Path::new("content");
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["export", code, out] => translation::language(content, code)
            .and_then(|language| po::export(content, &language))
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(out, text).map_err(|e| format!("{out}: {e}")))
            .map(|()| format!("wrote {out}")),
        ["import", code, from] => std::fs::read_to_string(from)
            .map_err(|e| format!("{from}: {e}"))
            .and_then(|text| {
                let language = translation::language(content, code).map_err(|e| e.to_string())?;
                po::import(content, &language, &text).map_err(|e| e.to_string())
            })
            .and_then(|files| {
                for (path, text) in &files {
                    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                Ok(format!("wrote {} files into content/{code}/", files.len()))
            }),
        _ => Err(
            "usage: translations export <code> <file.po> | translations import <code> <file.po>"
                .into(),
        ),
    };
    match result {
        Ok(done) => {
            println!("translations: {done}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("translations: {problem}");
            ExitCode::FAILURE
        }
    }
}
