//! The share journal: which chats a selection's runs have staged the card in, so a rerun of the
//! same selection stages only the failed and the not yet done. One JSON file per account and
//! selection under `$XDG_STATE_HOME/bloocard/shares/` (0600 in a 0700 folder), replaced whole
//! through [`crate::safe_write`] — at most once a second while a run goes on, and at its end. A
//! run killed outright loses at most its last second, whose chats are staged again next time
//! (staging is idempotent, so that is harmless).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::safe_write::{WriteError, WriteOptions};

const VERSION: u32 = 1;
const FLUSH_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Default, Serialize, Deserialize)]
struct OnDisk {
    version: u32,
    /// The selection, as [`super::Selection::key`] writes it (for a person reading the file).
    selection: String,
    updated_at: String,
    chats: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    staged: bool,
    at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug)]
struct Open {
    disk: OnDisk,
    unsaved: bool,
    saved_at: Instant,
}

/// A journal, or none (no state folder): then every run stages everything.
#[derive(Debug)]
pub struct Journal {
    path: Option<PathBuf>,
    open: Mutex<Open>,
}

/// `$XDG_STATE_HOME/bloocard/shares`.
pub fn default_dir() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("shares"))
}

fn digest(text: &str) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(text.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Journal {
    /// The journal of `account`'s `selection` in `dir` (read when it exists; a file that
    /// cannot be read as a journal is started afresh).
    pub fn open(dir: Option<&Path>, account: &str, selection: &str) -> Self {
        let path = dir.map(|d| d.join(format!("{account}-{}.json", digest(selection))));
        let disk = path
            .as_deref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str::<OnDisk>(&text).ok())
            .filter(|d| d.version == VERSION && d.selection == selection)
            .unwrap_or_else(|| OnDisk {
                version: VERSION,
                selection: selection.to_owned(),
                ..OnDisk::default()
            });
        Self {
            path,
            open: Mutex::new(Open {
                disk,
                unsaved: false,
                saved_at: Instant::now(),
            }),
        }
    }

    /// A journal that remembers nothing.
    pub fn none() -> Self {
        Self::open(None, "", "")
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether an earlier run staged the card in `chat_id`.
    pub fn is_staged(&self, chat_id: &str) -> bool {
        self.lock()
            .disk
            .chats
            .get(chat_id)
            .is_some_and(|e| e.staged)
    }

    /// Whether any chat is staged by an earlier run: the account can share cards.
    pub fn any_staged(&self) -> bool {
        self.lock().disk.chats.values().any(|e| e.staged)
    }

    /// Forgets every chat (`--again`: stage everything anew).
    pub fn clear(&self) {
        let mut open = self.lock();
        open.disk.chats.clear();
        open.unsaved = true;
    }

    /// Notes how staging `chat_id` went; saves when the last save is a second old.
    pub fn record(&self, chat_id: &str, result: Result<(), &str>) -> Result<(), WriteError> {
        let mut open = self.lock();
        open.disk.chats.insert(
            chat_id.to_owned(),
            Entry {
                staged: result.is_ok(),
                at: now(),
                error: result.err().map(str::to_owned),
            },
        );
        open.unsaved = true;
        if open.saved_at.elapsed() >= FLUSH_EVERY {
            self.save(&mut open)?;
        }
        Ok(())
    }

    /// Saves what is not saved yet.
    pub fn flush(&self) -> Result<(), WriteError> {
        let mut open = self.lock();
        if open.unsaved {
            self.save(&mut open)?;
        }
        Ok(())
    }

    fn save(&self, open: &mut Open) -> Result<(), WriteError> {
        open.saved_at = Instant::now();
        let Some(path) = &self.path else {
            open.unsaved = false;
            return Ok(());
        };
        open.disk.updated_at = now();
        let io = |source| WriteError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            private_dir(dir).map_err(io)?;
        }
        let text = serde_json::to_vec_pretty(&open.disk).map_err(|e| io(e.into()))?;
        let options = WriteOptions {
            replace: true,
            private: true,
            never_over: None,
        };
        crate::safe_write::write(path, &text, options)?;
        open.unsaved = false;
        Ok(())
    }
}

/// Creates `dir` (0700) and its parents if missing.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rerun_finds_what_was_staged_and_not_what_failed() {
        let dir = tempfile::tempdir().unwrap();
        let shares = dir.path().join("shares");
        let journal = Journal::open(Some(&shares), "acct", "all-chats");
        journal.record("+15550100001", Ok(())).unwrap();
        journal.record("+15550100002", Err("HTTP 502")).unwrap();
        journal.flush().unwrap();
        let again = Journal::open(Some(&shares), "acct", "all-chats");
        assert!(again.is_staged("+15550100001"));
        assert!(!again.is_staged("+15550100002"));
        // Another selection, or another account, has its own journal.
        assert!(!Journal::open(Some(&shares), "acct", "chats\nx").is_staged("+15550100001"));
        assert!(!Journal::open(Some(&shares), "other", "all-chats").is_staged("+15550100001"));
        again.clear();
        again.flush().unwrap();
        assert!(!Journal::open(Some(&shares), "acct", "all-chats").is_staged("+15550100001"));
    }

    #[cfg(unix)]
    #[test]
    fn the_journal_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let shares = dir.path().join("shares");
        let journal = Journal::open(Some(&shares), "acct", "all-chats");
        journal.record("+15550100001", Ok(())).unwrap();
        journal.flush().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&shares), 0o700);
        assert_eq!(mode(journal.path().unwrap()), 0o600);
        let leftovers = std::fs::read_dir(&shares).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
