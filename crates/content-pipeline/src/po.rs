//! Translations to and from PO files (GNU gettext), the format translators' tools (Poedit,
//! Weblate, memoQ, Trados, Crowdin) read, so the service can pay a professional translator
//! without giving them the repository.
//!
//! One message per front-matter field and per block of the body (a heading, a paragraph, a
//! list), in file order: `msgctxt` names the file and the part (`imha.md|title`,
//! `imha.md|block 3`), `msgid` is the English as it is now, `msgstr` the translation. A file
//! whose English has changed since it was translated has its messages marked fuzzy, the usual
//! "check this" mark; a translator's tool shows them first. Importing writes each translated
//! file back as the build reads it, recording the English it was made from: the English now,
//! or, while any of its messages is still fuzzy, the English it was made from before.
//! Exporting and importing without a change gives the same files, byte for byte (tested).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polib::catalog::Catalog;
use polib::message::{Message, MessageFlags, MessageView};
use polib::metadata::CatalogMetadata;

use crate::front_matter;
use crate::translation::{source_hash, take_translation_fields, Language};
use crate::ContentError;

/// One part of a file a translator translates.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    /// `title`, `option.detained`, or `block 3`.
    name: String,
    text: String,
    /// A field whose value is written in quotes (`"Error: {title}"`).
    quoted: bool,
}

/// A markdown file as units: its front-matter fields (without a translation's own) and the
/// blocks of its body.
fn units(file: &str, text: &str) -> Result<Vec<Unit>, ContentError> {
    let (fm, body) = front_matter::split(file, text)?;
    let mut out: Vec<Unit> = fm
        .keys()
        .filter(|(key, _)| !crate::translation::TRANSLATION_FIELDS.contains(key))
        .map(|(key, line)| {
            let raw = text.lines().nth(line - 1).unwrap_or_default();
            let value = raw.split_once(':').map_or("", |(_, v)| v.trim());
            Unit {
                name: key.to_string(),
                text: fm.get(key).unwrap_or_default().to_string(),
                quoted: value.starts_with('"') && value.ends_with('"') && value.len() >= 2,
            }
        })
        .collect();
    out.extend(blocks(&body).into_iter().enumerate().map(|(i, text)| Unit {
        name: format!("block {}", i + 1),
        text,
        quoted: false,
    }));
    Ok(out)
}

/// The blocks of a body: the text between blank lines.
fn blocks(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Every English markdown file of the site, as paths below `content/`: the pages and the words
/// of the checker and the form, not another language's folder.
fn english_files(content: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let files = crate::translation::markdown_files_below(content, |folder| {
        !crate::translation::is_language_folder(folder)
    })?;
    Ok(files
        .into_iter()
        .filter(|f| f != Path::new(crate::translation::LANGUAGES_FILE))
        .collect())
}

/// The key of a file's part in the PO file: `check/situation.md|title`.
fn context(relative: &Path, unit: &str) -> String {
    format!(
        "{}|{unit}",
        relative.display().to_string().replace('\\', "/")
    )
}

/// The language's translations, and every English file not yet translated, as a PO file.
pub fn export(content: &Path, language: &Language) -> Result<String, ContentError> {
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = "west-kent-advocacy".into();
    metadata.language = language.code.clone();
    metadata.mime_version = "1.0".into();
    metadata.content_type = "text/plain; charset=UTF-8".into();
    metadata.content_transfer_encoding = "8bit".into();
    let mut catalog = Catalog::new(metadata);
    for relative in english_files(content)? {
        let english_path = content.join(&relative);
        let (english_file, english_text) = crate::read(&english_path)?;
        let english = units(&english_file, &english_text)?;
        let translated_path = content.join(&language.code).join(&relative);
        let (translated, from, reviewed) = if translated_path.is_file() {
            let (file, text) = crate::read(&translated_path)?;
            let (_, from, _) = take_translation_fields(&file, &text)?;
            let (fm, _) = front_matter::split(&file, &text)?;
            let reviewed = fm.get("reviewed").map(str::to_string);
            (
                Some((file.clone(), units(&file, &text)?)),
                Some(from),
                reviewed,
            )
        } else {
            (None, None, None)
        };
        let stale = from
            .as_deref()
            .is_some_and(|from| from != source_hash(&english_text));
        if let Some((file, units)) = &translated {
            let count = |u: &[Unit]| u.iter().filter(|u| u.name.starts_with("block ")).count();
            if count(units) != count(&english) {
                return Err(ContentError::new(
                    file,
                    1,
                    format!(
                        "{} blocks of text, but its English has {}: keep one translated block (heading, paragraph, list) for each English one",
                        count(units),
                        count(&english)
                    ),
                ));
            }
        }
        let mut comments = format!("English file: content/{}", relative.display());
        if let Some(from) = &from {
            comments.push_str(&format!("\ntranslated_from: {from}"));
        }
        if let Some(reviewed) = &reviewed {
            comments.push_str(&format!("\nreviewed: {reviewed}"));
        }
        let name = relative
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let in_form = relative.starts_with("refer");
        for (i, unit) in parts(
            if in_form { name } else { "" },
            &english,
            translated.as_ref().map(|(_, u)| u.as_slice()),
            language,
        )
        .into_iter()
        .enumerate()
        {
            let mut flags = MessageFlags::new();
            if stale {
                flags.add_flag("fuzzy");
            }
            if unit.quoted {
                flags.add_flag("quoted");
            }
            let message = Message::build_singular()
                .with_msgctxt(context(&relative, &unit.name))
                .with_msgid(unit.english)
                .with_msgstr(unit.translated)
                .with_extracted_comments(if i == 0 {
                    comments.clone()
                } else {
                    String::new()
                })
                .with_flags(flags)
                .done();
            catalog.append_or_update(message);
        }
    }
    let mut bytes = std::io::BufWriter::new(Vec::new());
    polib::po_file::write(&catalog, &mut bytes)
        .map_err(|e| ContentError::new("the PO file", 1, format!("cannot write: {e}")))?;
    let bytes = bytes
        .into_inner()
        .map_err(|e| ContentError::new("the PO file", 1, format!("cannot write: {}", e.error())))?;
    Ok(String::from_utf8(bytes).expect("written from UTF-8 text"))
}

/// A part of a file with its English and its translation ("" if none yet).
struct Part {
    name: String,
    english: String,
    translated: String,
    quoted: bool,
}

/// The parts of a file in order: the English file's, with a count's other plural forms (which
/// the language uses or the translation has) before its `.other`.
fn parts(
    file: &str,
    english: &[Unit],
    translated: Option<&[Unit]>,
    language: &Language,
) -> Vec<Part> {
    let find = |name: &str| {
        translated
            .and_then(|units| units.iter().find(|u| u.name == name))
            .map(|u| u.text.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for unit in english {
        let count = crate::refer::is_count(file, &unit.name);
        if let Some(base) = unit.name.strip_suffix(".other").filter(|_| count) {
            for form in crate::refer::PLURAL_FORMS {
                let name = format!("{base}.{form}");
                let in_english = english.iter().any(|u| u.name == name);
                let wanted =
                    language.plural_forms.iter().any(|f| f == form) || !find(&name).is_empty();
                if !in_english && wanted {
                    out.push(Part {
                        english: unit.text.clone(),
                        translated: find(&name),
                        name,
                        quoted: unit.quoted,
                    });
                }
            }
        }
        out.push(Part {
            name: unit.name.clone(),
            english: unit.text.clone(),
            translated: find(&unit.name),
            quoted: unit.quoted,
        });
    }
    // Plural forms come in CLDR's order: one before few before many.
    out
}

/// The translated files a PO file holds, as `(path, text)` to write, in the form the build
/// reads. A file none of whose parts is translated is left out; one with some parts missing is
/// refused, naming them, so a half-done file never replaces a whole one.
pub fn import(
    content: &Path,
    language: &Language,
    po: &str,
) -> Result<Vec<(PathBuf, String)>, ContentError> {
    let catalog = polib::po_file::parse_from_reader(po.as_bytes())
        .map_err(|e| ContentError::new("the PO file", 1, format!("cannot read: {e}")))?;
    let mut files: BTreeMap<String, Vec<&dyn MessageView>> = BTreeMap::new();
    for message in catalog.messages() {
        let Some((file, _)) = message.msgctxt().and_then(|c| c.split_once('|')) else {
            continue;
        };
        files.entry(file.to_string()).or_default().push(message);
    }
    let mut out = Vec::new();
    for (file, messages) in files {
        let english_path = content.join(&file);
        let (_, english_text) = crate::read(&english_path)?;
        let translated = |m: &&dyn MessageView| m.msgstr().is_ok_and(|s| !s.is_empty());
        if !messages.iter().any(translated) {
            continue;
        }
        let missing: Vec<&str> = messages
            .iter()
            .filter(|m| !translated(m) && !is_optional_plural(m))
            .filter_map(|m| m.msgctxt())
            .collect();
        if !missing.is_empty() {
            return Err(ContentError::new(
                &format!("content/{}/{file}", language.code),
                1,
                format!("not translated yet: {}", missing.join(", ")),
            ));
        }
        let comment = |key: &str| {
            messages.first().and_then(|m| {
                m.extracted_comments()
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string))
            })
        };
        let still_fuzzy = messages.iter().any(|m| m.is_fuzzy());
        let from = match (still_fuzzy, comment("translated_from")) {
            (true, Some(from)) => from,
            _ => source_hash(&english_text),
        };
        let mut text = format!("---\ntranslated_from: {from}\n");
        if let Some(reviewed) = comment("reviewed") {
            text.push_str(&format!("reviewed: {reviewed}\n"));
        }
        let mut body = Vec::new();
        for m in messages.iter().filter(|m| translated(m)) {
            let name = m
                .msgctxt()
                .and_then(|c| c.split_once('|'))
                .map_or("", |(_, n)| n);
            let value = m.msgstr().unwrap_or_default();
            if name.starts_with("block ") {
                body.push(value.to_string());
            } else if m.flags().contains("quoted") {
                text.push_str(&format!("{name}: \"{value}\"\n"));
            } else {
                text.push_str(&format!("{name}: {value}\n"));
            }
        }
        text.push_str("---\n");
        if !body.is_empty() {
            text.push_str(&body.join("\n\n"));
            text.push('\n');
        }
        out.push((content.join(&language.code).join(&file), text));
    }
    Ok(out)
}

/// A count's plural form that English does not have may stay empty: the app then uses `.other`.
fn is_optional_plural(m: &&dyn MessageView) -> bool {
    let Some((file, key)) = m.msgctxt().and_then(|c| c.split_once('|')) else {
        return false;
    };
    let form = key.rsplit_once('.').map_or("", |(_, form)| form);
    let name = file.rsplit('/').next().unwrap_or_default();
    file.starts_with("refer/")
        && crate::refer::is_count(name, key)
        && crate::refer::PLURAL_FORMS.contains(&form)
        && form != "one"
}

#[cfg(test)]
mod tests;
