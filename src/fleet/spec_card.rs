//! The `[card]` and `[number."…"]` tables of a card file: each key, its type and its words.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::spec::{AvatarRef, Checker, Location, SpecError, describe, quoted};
use crate::api::{Audience, CardFields, Field, NameFormat};

const CARD_KEYS: &str = "first_name, last_name, avatar, sharing, audience, name_format";

impl Checker<'_> {
    pub(super) fn card(
        &self,
        table: &DeTable<'_>,
        name: &str,
    ) -> Result<CardFields<AvatarRef>, SpecError> {
        let mut card = CardFields::default();
        for (key, value) in table.iter() {
            let Some(field) = Field::from_key(key.get_ref()) else {
                return Err(self.fail(
                    key.span(),
                    format!(
                        "unknown key {} in {name} (expected {CARD_KEYS})",
                        quoted(key.get_ref())
                    ),
                ));
            };
            let span = value.span();
            let v = value.get_ref();
            match field {
                Field::FirstName => card.first_name = Some(self.name(field, v, span)?),
                Field::LastName => card.last_name = Some(self.name(field, v, span)?),
                Field::Avatar => card.avatar = Some(self.avatar(v, span)?),
                Field::Sharing => {
                    card.sharing = Some(v.as_bool().ok_or_else(|| {
                        self.type_error("sharing", "true or false", span.clone(), v)
                    })?);
                }
                Field::Audience => {
                    let words = Audience::ALL.map(Audience::word);
                    card.audience =
                        Some(self.word(field, v, span, Audience::from_word, either(words))?);
                }
                Field::NameFormat => {
                    let words = NameFormat::ALL.map(NameFormat::word);
                    card.name_format =
                        Some(self.word(field, v, span, NameFormat::from_word, either(words))?);
                }
            }
        }
        Ok(card)
    }

    fn name(&self, field: Field, v: &DeValue<'_>, span: Range<usize>) -> Result<String, SpecError> {
        let s = v
            .as_str()
            .ok_or_else(|| self.type_error(field.as_str(), "a string", span.clone(), v))?;
        if s.chars().any(char::is_control) {
            return Err(self.fail(
                span,
                format!("`{}` holds a control character", field.as_str()),
            ));
        }
        // The API trims names; comparing trimmed keeps a stray space from showing a change forever.
        let name = s.trim();
        // The length rule the CLI and the TUI check too, before any request.
        if let Some(problem) = crate::validate::name_problem(name) {
            return Err(self.fail(span, format!("`{}` has {problem}", field.as_str())));
        }
        Ok(name.to_owned())
    }

    fn word<T>(
        &self,
        field: Field,
        v: &DeValue<'_>,
        span: Range<usize>,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) -> Result<T, SpecError> {
        let s = v
            .as_str()
            .ok_or_else(|| self.type_error(field.as_str(), &expected, span.clone(), v))?;
        parse(s).ok_or_else(|| {
            self.fail(
                span,
                format!("`{}` is {}: write {expected}", field.as_str(), quoted(s)),
            )
        })
    }

    fn avatar(&self, v: &DeValue<'_>, span: Range<usize>) -> Result<AvatarRef, SpecError> {
        let at = Location::of(self.text, span.start);
        let (written, exact) = match v {
            DeValue::String(s) => (s.to_string(), false),
            DeValue::Table(t) => {
                let mut path = None;
                let mut exact = false;
                for (key, value) in t.iter() {
                    match key.get_ref().as_ref() {
                        "path" => {
                            path = Some(value.get_ref().as_str().map(str::to_owned).ok_or_else(
                                || {
                                    self.type_error(
                                        "avatar.path",
                                        "a string",
                                        value.span(),
                                        value.get_ref(),
                                    )
                                },
                            )?);
                        }
                        "exact" => {
                            exact = value.get_ref().as_bool().ok_or_else(|| {
                                self.type_error(
                                    "avatar.exact",
                                    "true or false",
                                    value.span(),
                                    value.get_ref(),
                                )
                            })?;
                        }
                        other => {
                            return Err(self.fail(
                                key.span(),
                                format!(
                                    "unknown key {} in `avatar` (expected path, exact)",
                                    quoted(other)
                                ),
                            ));
                        }
                    }
                }
                let path =
                    path.ok_or_else(|| self.fail(span.clone(), "`avatar` needs a `path`"))?;
                (path, exact)
            }
            other => {
                return Err(self.type_error(
                    "avatar",
                    "a path or { path = \"…\", exact = true }",
                    span,
                    other,
                ));
            }
        };
        if written.trim().is_empty() {
            return Err(self.fail(span, "`avatar` is an empty path"));
        }
        Ok(AvatarRef {
            path: self.dir.join(&written),
            written,
            exact,
            at,
        })
    }

    pub(super) fn type_error(
        &self,
        key: &str,
        expected: &str,
        span: Range<usize>,
        got: &DeValue<'_>,
    ) -> SpecError {
        self.fail(
            span,
            format!("`{key}` must be {expected}, not {}", describe(got)),
        )
    }
}

/// `"contacts" or "always-ask"`: what a refusal says to write.
fn either([a, b]: [&str; 2]) -> String {
    format!("\"{a}\" or \"{b}\"")
}
