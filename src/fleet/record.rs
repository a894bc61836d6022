//! The applied record: for each number, the digest of the avatar bloocard last applied and of
//! the bytes the server gave back right after. A server that re-encodes avatars then still plans
//! "in sync" on the next run. One small JSON file per number under
//! `$XDG_STATE_HOME/bloocard/applied/`, 0600 in a 0700 folder.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::safe_write::{self, WriteOptions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRecord {
    pub source_sha256: [u8; 32],
    pub server_sha256: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    source_sha256: String,
    server_sha256: String,
    applied_at: String,
}

/// Where records live; `None` keeps none (no state folder, or a caller that wants none).
#[derive(Debug, Clone, Default)]
pub struct Records {
    dir: Option<PathBuf>,
}

impl Records {
    /// `$XDG_STATE_HOME/bloocard/applied` (next to the log).
    pub fn default_location() -> Self {
        Self {
            dir: crate::logging::log_path().and_then(|log| log.parent().map(|d| d.join("applied"))),
        }
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir: Some(dir) }
    }

    pub fn none() -> Self {
        Self { dir: None }
    }

    fn file(&self, number: &str) -> Option<PathBuf> {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        (!digits.is_empty()).then(|| self.dir.as_ref().map(|d| d.join(format!("{digits}.json"))))?
    }

    /// The record for `number`, if there is a readable one.
    pub fn get(&self, number: &str) -> Option<AppliedRecord> {
        let text = std::fs::read_to_string(self.file(number)?).ok()?;
        let disk: OnDisk = serde_json::from_str(&text).ok()?;
        Some(AppliedRecord {
            source_sha256: from_hex(&disk.source_sha256)?,
            server_sha256: from_hex(&disk.server_sha256)?,
        })
    }

    /// Replaces the record for `number`, atomically.
    pub fn put(&self, number: &str, record: &AppliedRecord) -> std::io::Result<()> {
        let Some(path) = self.file(number) else {
            return Ok(());
        };
        let disk = OnDisk {
            source_sha256: hex(&record.source_sha256),
            server_sha256: hex(&record.server_sha256),
            applied_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        let text = serde_json::to_string(&disk).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            safe_write::create_private_dir(dir)?;
        }
        let options = WriteOptions {
            replace: true,
            private: true,
            never_over: None,
        };
        Ok(safe_write::write(&path, text.as_bytes(), options)?)
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let records = Records::at(dir.path().join("applied"));
        let r = AppliedRecord {
            source_sha256: [7; 32],
            server_sha256: [0xab; 32],
        };
        assert_eq!(records.get("+14155550123"), None);
        records.put("+14155550123", &r).unwrap();
        assert_eq!(records.get("+14155550123"), Some(r));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = dir.path().join("applied/14155550123.json");
            let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(Records::none().get("+14155550123"), None);
    }
}
