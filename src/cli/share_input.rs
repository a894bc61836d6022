//! `share`'s input, checked before the key is read or anything is sent: one chat, or a
//! selection of many whose files (`--chats`, `--exclude`) are read and every id in them checked
//! by the rule the CLI checks one chat with, a bad one named as file:line (exit 2).

use std::collections::BTreeSet;
use std::path::Path;

use super::args::ShareArgs;
use super::error::CliError;
use super::share_args::BulkShareArgs;
use crate::fleet::share::{Filter, Selection};
use crate::sanitize::clean;
use crate::validate;

/// Larger than any honest list of chat ids (some 100,000 of them).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub enum ShareInput<'a> {
    One(String),
    Many {
        selection: Selection,
        args: &'a BulkShareArgs,
    },
}

pub fn check(args: &ShareArgs) -> Result<ShareInput<'_>, CliError> {
    let many = &args.many;
    if let Some(chat) = &args.chat {
        if narrows(many) {
            return Err(CliError::Usage(
                "--active-within, --type, --query and --exclude narrow --all-chats; give one \
                 chat, or --all-chats"
                    .into(),
            ));
        }
        return Ok(ShareInput::One(validate::chat_id(chat)?));
    }
    let selection = match &many.chats {
        Some(_) if narrows(many) => {
            return Err(CliError::Usage(
                "--active-within, --type, --query and --exclude narrow --all-chats; with --chats \
                 FILE, the file says which chats"
                    .into(),
            ));
        }
        Some(file) => {
            let ids = chat_file(file)?;
            if ids.is_empty() {
                return Err(CliError::Usage(format!(
                    "{} lists no chats (one id a line; # starts a comment)",
                    shown(file)
                )));
            }
            Selection::Listed(ids)
        }
        None => Selection::All(Filter {
            active_within: many.active_within,
            kinds: many.types.iter().map(|t| (*t).into()).collect(),
            query: many.query.clone().filter(|q| !q.trim().is_empty()),
            exclude: match &many.exclude {
                Some(file) => chat_file(file)?.into_iter().collect(),
                None => BTreeSet::new(),
            },
        }),
    };
    Ok(ShareInput::Many {
        selection,
        args: many,
    })
}

/// Whether any of `--all-chats`' filters is given. (Checked here: clap's `requires` takes the
/// default `false` of `--all-chats` as given.)
fn narrows(many: &BulkShareArgs) -> bool {
    many.active_within.is_some()
        || !many.types.is_empty()
        || many.query.is_some()
        || many.exclude.is_some()
}

fn shown(path: &Path) -> String {
    clean(&path.display().to_string()).into_owned()
}

/// The chat ids of `path`, one a line, each once, in their order; `#` starts a comment.
fn chat_file(path: &Path) -> Result<Vec<String>, CliError> {
    let unreadable = |e: std::io::Error| {
        CliError::Input(format!(
            "could not read {}: {}",
            shown(path),
            crate::io_error::Words(&e)
        ))
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(CliError::Input(format!(
            "{} is {size} bytes, too large for a list of chats",
            shown(path)
        )));
    }
    let text = std::fs::read_to_string(path).map_err(unreadable)?;
    let mut ids = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let id = validate::chat_id(line)
            .map_err(|e| CliError::Usage(format!("{}:{}: {e}", shown(path), i + 1)))?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_take_comments_blank_lines_and_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chats.txt");
        std::fs::write(
            &file,
            "# customers\n+14155550123\n\n  jo@example.com  # Jo\n+14155550123\ngrp_abc\n",
        )
        .unwrap();
        assert_eq!(
            chat_file(&file).unwrap(),
            ["+14155550123", "jo@example.com", "grp_abc"]
        );
        std::fs::write(&file, "+14155550123\n4155550123\n").unwrap();
        let e = chat_file(&file).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(
            text.starts_with(&format!(
                "{}:2: \"4155550123\" is not a chat",
                file.display()
            )),
            "{text}"
        );
        let e = chat_file(&dir.path().join("missing.txt")).unwrap_err();
        assert_eq!(e.exit_code(), 6, "{e}");
    }
}
