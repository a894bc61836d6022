//! `fleet export`: the account's cards as a card file, `DIR/cards.toml`, with every avatar in
//! `DIR/avatars/<digits>.<jpg|png>` exactly as the server returned it and marked `exact = true`,
//! so applying the file sends those bytes back instead of preparing them again.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::api::{ApiError, Audience, ContactCard, NameFormat, PhoneNumber, PlanKind};
use crate::avatar::decode_base64;
use crate::safe_write::{self, WriteError, WriteOptions};
use crate::sanitize::clean;
use crate::validate::is_e164;

/// The export, before it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    pub cards_toml: String,
    /// File name under `avatars/`, and its bytes.
    pub avatars: Vec<(String, Vec<u8>)>,
    pub exported: usize,
    /// Numbers left out, with why (listed as comments in the file).
    pub left_out: Vec<(String, String)>,
}

/// The server's own words (`HTTP 501 coming_soon: "…"`) when it answered, else the whole error.
fn server_words(e: &ApiError) -> String {
    e.server()
        .map_or_else(|| e.to_string(), ToString::to_string)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn extension(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Some("jpg"),
        Ok(image::ImageFormat::Png) => Some("png"),
        _ => None,
    }
}

/// Renders what [`super::Engine::read_all`] read.
pub fn render(read: &[(PhoneNumber, Result<ContactCard, ApiError>)], now: &str) -> Export {
    let mut out = Export::default();
    let mut tables = String::new();
    let mut listed = Vec::new();
    for (n, card) in read {
        let number = n.number();
        if !is_e164(number) {
            out.left_out
                .push((clean(number).into_owned(), "not an E.164 number".into()));
            continue;
        }
        match card {
            Ok(card) => {
                listed.push(number.to_owned());
                out.exported += 1;
                number_table(&mut tables, &mut out.avatars, n, card);
            }
            Err(e) => out.left_out.push((
                number.to_owned(),
                format!("card could not be read ({})", server_words(e)),
            )),
        }
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# bloocard fleet export of {} numbers, {now}.\n\
         # `bloocard fleet apply` on this file plans \"in sync\" on the same account and copies\n\
         # the cards to another. `exact = true` on an avatar: its bytes are sent back as they\n\
         # are, as the server returned them, instead of being prepared like a photo.",
        out.exported
    );
    text.push_str("version = 1\nnumbers = [\n");
    for n in &listed {
        let _ = writeln!(text, "  {},", toml_string(n));
    }
    text.push_str("]\n");
    text.push_str(&tables);
    for (number, why) in &out.left_out {
        let _ = writeln!(text, "\n# {}: {}; not exported", clean(number), clean(why));
    }
    out.cards_toml = text;
    out
}

fn number_table(
    text: &mut String,
    avatars: &mut Vec<(String, Vec<u8>)>,
    n: &PhoneNumber,
    card: &ContactCard,
) {
    let number = n.number();
    let _ = writeln!(text, "\n[number.{}]", toml_string(number));
    let kind = match n.plan_kind.as_deref() {
        Some(k) => toml_string(&clean(k)),
        None => format!(
            "null (a legacy allocation: {})",
            PlanKind::from_wire(None).label()
        ),
    };
    let _ = writeln!(text, "# plan_kind = {kind}");
    if let Some(w) = card.has_wallpaper {
        let _ = writeln!(text, "# has_wallpaper = {w}");
    }
    if let Some(s) = &card.first_name {
        let _ = writeln!(text, "first_name = {}", toml_string(s.trim()));
    }
    if let Some(s) = &card.last_name {
        let _ = writeln!(text, "last_name = {}", toml_string(s.trim()));
    }
    if let Some(b64) = card.avatar.as_deref().filter(|a| !a.trim().is_empty()) {
        let bytes = decode_base64(b64).ok();
        match bytes.as_deref().and_then(extension) {
            Some(ext) => {
                let digits: String = number.chars().filter(char::is_ascii_digit).collect();
                let name = format!("{digits}.{ext}");
                let _ = writeln!(
                    text,
                    "avatar = {{ path = {}, exact = true }}",
                    toml_string(&format!("avatars/{name}"))
                );
                avatars.push((name, bytes.unwrap_or_default()));
            }
            None => {
                let _ = writeln!(
                    text,
                    "# avatar: not a JPEG or PNG the server sent; not exported"
                );
            }
        }
    }
    let sharing = card.sharing.clone().unwrap_or_default();
    if let Some(b) = sharing.enabled {
        let _ = writeln!(text, "sharing = {b}");
    }
    let word = |key: &str, raw: Option<i64>, w: Option<&'static str>| match (raw, w) {
        (_, Some(w)) => format!("{key} = {}\n", toml_string(w)),
        (Some(v), None) => {
            format!("# {key} = {v}: a value this bloocard has no word for; not exported\n")
        }
        (None, None) => String::new(),
    };
    text.push_str(&word(
        "audience",
        sharing.audience,
        sharing.audience().map(Audience::word),
    ));
    text.push_str(&word(
        "name_format",
        sharing.name_format,
        sharing.name_format().map(NameFormat::word),
    ));
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("could not write {}: {}", .path.display(), crate::io_error::Words(.source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `DIR/cards.toml`, refused if it exists unless `force` (checked before any request).
pub fn target_file(dir: &Path, force: bool) -> Result<PathBuf, ExportError> {
    let file = dir.join("cards.toml");
    if !force && std::fs::symlink_metadata(&file).is_ok() {
        return Err(ExportError::Exists(file));
    }
    Ok(file)
}

/// Writes the avatars, then the card file, each whole or not at all (so a half-written file
/// never exists).
pub fn write(dir: &Path, export: &Export) -> Result<PathBuf, ExportError> {
    let avatars = dir.join("avatars");
    std::fs::create_dir_all(&avatars).map_err(|source| ExportError::Write {
        path: avatars.clone(),
        source,
    })?;
    for (name, bytes) in &export.avatars {
        replace(&avatars.join(name), bytes)?;
    }
    let file = dir.join("cards.toml");
    replace(&file, export.cards_toml.as_bytes())?;
    Ok(file)
}

fn replace(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let options = WriteOptions {
        replace: true,
        ..WriteOptions::default()
    };
    safe_write::write(path, bytes, options).map_err(|e| match e {
        WriteError::Io { path, source } => ExportError::Write { path, source },
        other => ExportError::Write {
            path: path.to_owned(),
            source: std::io::Error::other(other),
        },
    })
}
