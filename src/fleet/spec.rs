//! The card file: TOML read with spans, so every refusal names the file, the line, the column and
//! the key — before any request is made.
//!
//! ```toml
//! version = 1
//! numbers = "all"            # or ["+14155550123", …]
//! [card]                     # first_name, last_name, avatar, sharing, audience, name_format
//! avatar = "logo.png"        # a photo, prepared; or { path = "…", exact = true }: sent as is
//! [number."+14155550123"]    # over [card] for this number; naming a number targets it
//! ```

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::api::CardFields;
use crate::validate::is_e164;

/// Where in the file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn of(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            line: before.matches('\n').count() + 1,
            col: before.get(line_start..).map_or(0, |s| s.chars().count()) + 1,
        }
    }
}

/// A refused card file: `cards.toml:7:1: unknown key "frist_name" in [card] …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{}:{}: {message}", .at.line, .at.col)]
pub struct SpecError {
    pub file: String,
    pub at: Location,
    pub message: String,
}

/// An avatar as the file names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarRef {
    /// As written in the file (for messages and the plan).
    pub written: String,
    /// Resolved against the file's folder.
    pub path: PathBuf,
    /// Send these bytes as they are (an exported avatar), instead of preparing a photo.
    pub exact: bool,
    pub at: Location,
}

/// Which numbers the file targets, before the numbers list is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Every number on the key (and any named in a `[number."…"]` table).
    All,
    /// These numbers, in the file's order, then those named only by a `[number."…"]` table.
    List(Vec<String>),
}

/// A card file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetFile {
    pub path: PathBuf,
    pub targets: Targets,
    pub card: CardFields<AvatarRef>,
    pub numbers: Vec<(String, CardFields<AvatarRef>)>,
}

const TOP_KEYS: &str = "version, numbers, card, number";

/// Reads and checks `path`: the outer error is a file that cannot be read, the inner one a file
/// that is not a valid card file.
pub fn read(path: &Path) -> Result<Result<FleetFile, SpecError>, std::io::Error> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(path, &text))
}

/// Checks `text` as the card file `path`.
pub fn parse(path: &Path, text: &str) -> Result<FleetFile, SpecError> {
    let checker = Checker {
        path: path.to_path_buf(),
        file: crate::sanitize::clean(&path.display().to_string()).into_owned(),
        text,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("not valid TOML")
            .trim();
        checker.fail(at..at, format!("not valid TOML: {message}"))
    })?;
    checker.document(doc.get_ref(), doc.span())
}

pub(super) struct Checker<'a> {
    path: PathBuf,
    file: String,
    pub(super) text: &'a str,
    pub(super) dir: PathBuf,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl Checker<'_> {
    pub(super) fn fail(&self, span: Range<usize>, message: impl Into<String>) -> SpecError {
        SpecError {
            file: self.file.clone(),
            at: Location::of(self.text, span.start),
            message: message.into(),
        }
    }

    fn document(&self, doc: &DeTable<'_>, whole: Range<usize>) -> Result<FleetFile, SpecError> {
        let mut version = None;
        let mut targets = None;
        let mut card = CardFields::default();
        let mut numbers = Vec::new();
        for (key, value) in doc.iter() {
            match key.get_ref().as_ref() {
                "version" => version = Some(self.version(value)?),
                "numbers" => targets = Some(self.targets(value)?),
                "card" => card = self.card(self.table(key, value)?, "[card]")?,
                "number" => numbers = self.number_tables((key, value))?,
                other => {
                    return Err(self.fail(
                        key.span(),
                        format!(
                            "unknown key {} at the top level (expected {TOP_KEYS})",
                            quoted(other)
                        ),
                    ));
                }
            }
        }
        if version.is_none() {
            return Err(self.fail(whole.start..whole.start, "missing `version = 1`"));
        }
        let targets = match targets {
            Some(t) => t,
            None if !numbers.is_empty() => Targets::List(Vec::new()),
            None => {
                return Err(self.fail(
                    whole.start..whole.start,
                    "no number is targeted: set `numbers = \"all\"`, a list of numbers, or add \
                     a [number.\"+1…\"] table",
                ));
            }
        };
        // A plan of such a file would read every card and call them all "in sync".
        if card.managed().is_empty() && numbers.iter().all(|(_, f)| f.managed().is_empty()) {
            return Err(self.fail(
                whole.start..whole.start,
                "the file manages nothing: no field is set under [card] or any \
                 [number.\"…\"] (set first_name, last_name, avatar, sharing, audience or \
                 name_format; a field left out is not managed)",
            ));
        }
        Ok(FleetFile {
            path: self.path.clone(),
            targets,
            card,
            numbers,
        })
    }

    fn version(&self, value: &Spanned<DeValue<'_>>) -> Result<u32, SpecError> {
        match value.get_ref() {
            DeValue::Integer(i) if i.as_str() == "1" => Ok(1),
            DeValue::Integer(i) => Err(self.fail(
                value.span(),
                format!(
                    "`version` is {}, and this bloocard reads version 1 only",
                    i.as_str()
                ),
            )),
            other => Err(self.type_error("version", "the integer 1", value.span(), other)),
        }
    }

    fn targets(&self, value: &Spanned<DeValue<'_>>) -> Result<Targets, SpecError> {
        match value.get_ref() {
            DeValue::String(s) if s.as_ref() == "all" => Ok(Targets::All),
            DeValue::String(s) => Err(self.fail(
                value.span(),
                format!(
                    "`numbers` is {}: write \"all\" or a list of E.164 numbers",
                    quoted(s)
                ),
            )),
            DeValue::Array(items) => {
                let mut list: Vec<String> = Vec::new();
                for item in items.iter() {
                    let number = self.number(item.get_ref().as_str(), item.span(), "numbers")?;
                    if list.contains(&number) {
                        return Err(self.fail(
                            item.span(),
                            format!("{number} is listed twice in `numbers`"),
                        ));
                    }
                    list.push(number);
                }
                Ok(Targets::List(list))
            }
            other => Err(self.type_error(
                "numbers",
                "\"all\" or a list of numbers",
                value.span(),
                other,
            )),
        }
    }

    fn number(&self, s: Option<&str>, span: Range<usize>, key: &str) -> Result<String, SpecError> {
        match s {
            Some(n) if is_e164(n) => Ok(n.to_owned()),
            Some(n) => Err(self.fail(
                span,
                format!(
                    "in `{key}`: {} is not an E.164 number (a + and up to 15 digits, e.g. \
                     +14155550123)",
                    quoted(n)
                ),
            )),
            None => Err(self.fail(span, format!("`{key}` must hold numbers as strings"))),
        }
    }

    fn table<'t, 'i>(
        &self,
        key: &Spanned<std::borrow::Cow<'i, str>>,
        value: &'t Spanned<DeValue<'i>>,
    ) -> Result<&'t DeTable<'i>, SpecError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.fail(
                value.span(),
                format!(
                    "`{}` must be a table, not {}",
                    clean(key.get_ref()),
                    value.get_ref().type_str()
                ),
            )
        })
    }

    fn number_tables(
        &self,
        (key, value): Entry<'_>,
    ) -> Result<Vec<(String, CardFields<AvatarRef>)>, SpecError> {
        let mut out = Vec::new();
        for (number_key, card) in self.table(key, value)?.iter() {
            let number = self.number(
                Some(number_key.get_ref().as_ref()),
                number_key.span(),
                "number",
            )?;
            let table = self.table(number_key, card)?;
            out.push((
                number.clone(),
                self.card(table, &format!("[number.\"{number}\"]"))?,
            ));
        }
        Ok(out)
    }
}

pub(super) fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string {}", quoted(s)),
        DeValue::Integer(i) => format!("the integer {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        other => format!("a {}", other.type_str()),
    }
}

pub(super) fn clean(s: &str) -> String {
    crate::sanitize::clean(s).into_owned()
}

/// A file's text in a message: quoted, cleaned, and cut short.
pub(super) fn quoted(s: &str) -> String {
    let s = clean(s);
    if s.chars().count() > 40 {
        format!("\"{}…\"", s.chars().take(40).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

impl fmt::Display for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Targets::All => f.write_str("all"),
            Targets::List(l) => write!(f, "{} listed", l.len()),
        }
    }
}
