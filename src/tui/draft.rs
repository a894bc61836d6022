//! Drafts: unsaved card edits and unsent composer text, kept in a small JSON file per number and
//! API host so a crash loses nothing. `App` decides *what* the draft is (pure); this module is
//! the file format, the store (through `safe_write`, 0600) and the debounced writer task.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{Audience, CardFields, NameFormat};
use crate::safe_write::{self, WriteOptions, create_private_dir};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::oneshot;
use tokio::time::Instant;

/// A draft is written at most this long after the change that caused it.
pub const DRAFT_DELAY: Duration = Duration::from_millis(500);

/// Where drafts live by default: `$XDG_STATE_HOME/bloocard/drafts` (or the platform's local data
/// directory where there is no state directory, as on macOS).
pub fn default_dir() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("drafts"))
}

/// A draft's card: the fields that differ from the card as loaded (`None`: unchanged), the photo
/// as the file it was prepared from (restoring prepares it again). Written with the card file's
/// keys and words: `first_name`, `avatar`, `"audience": "always-ask"`.
pub type CardDraft = CardFields<PathBuf>;

/// A draft's card as drafts were written before the card had one type: `first`, `last` and
/// `photo`, the sharing settings as wire numbers. Read (so no draft is lost), never written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EarlierCardDraft {
    first: Option<String>,
    last: Option<String>,
    sharing: Option<bool>,
    audience: Option<i64>,
    name_format: Option<i64>,
    photo: Option<PathBuf>,
}

/// Either form on disk; the earlier one is tried first, since it refuses unknown keys.
#[derive(Deserialize)]
#[serde(untagged)]
enum CardDraftOnDisk {
    Earlier(EarlierCardDraft),
    Now(CardDraft),
}

fn card_draft<'de, D: serde::Deserializer<'de>>(d: D) -> Result<CardDraft, D::Error> {
    Ok(match CardDraftOnDisk::deserialize(d)? {
        CardDraftOnDisk::Now(card) => card,
        CardDraftOnDisk::Earlier(e) => CardFields {
            first_name: e.first,
            last_name: e.last,
            avatar: e.photo,
            sharing: e.sharing,
            audience: e.audience.and_then(Audience::from_wire),
            name_format: e.name_format.and_then(NameFormat::from_wire),
        },
    })
}

/// The composer as typed; kept only while something in it is unsent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ComposerDraft {
    #[serde(default)]
    pub chat: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub attachment: String,
    #[serde(default)]
    pub attachments: Vec<String>,
    #[serde(default)]
    pub share: bool,
}

impl ComposerDraft {
    /// Whether it holds something that would be lost (a recipient alone is not).
    pub fn has_unsent(&self) -> bool {
        !self.message.is_empty() || !self.attachment.is_empty() || !self.attachments.is_empty()
    }
}

/// What is unsaved for one number. Never holds the API key: only what the operator typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub number: String,
    /// When the content was last changed, as Unix milliseconds.
    pub saved_at_ms: i64,
    #[serde(default, deserialize_with = "card_draft")]
    pub card: CardDraft,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composer: Option<ComposerDraft>,
}

impl Draft {
    pub fn saved_at(&self) -> Option<DateTime<Utc>> {
        crate::time_ago::from_millis(self.saved_at_ms)
    }

    pub fn is_empty(&self) -> bool {
        self.card.is_empty()
            && !self
                .composer
                .as_ref()
                .is_some_and(ComposerDraft::has_unsent)
    }
}

/// The file on disk: the draft plus the API host it belongs to, checked again on load.
#[derive(Serialize, Deserialize)]
struct DraftFile {
    host: String,
    #[serde(flatten)]
    draft: Draft,
}

/// Draft files of one API host in one directory.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
    host: String,
}

impl DraftStore {
    /// Drafts under `dir` for the server at `base_url` (only its host scopes them: the demo
    /// server's port changes on every start, its drafts should not be lost with it).
    pub fn new(dir: PathBuf, base_url: &str) -> Self {
        let host = reqwest::Url::parse(base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "unknown-host".to_owned());
        Self { dir, host }
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// `<host>_<number>.json`, both reduced to characters that are safe in a file name.
    pub fn path(&self, number: &str) -> PathBuf {
        let host = safe(&self.host, &['.', '-']);
        let number = safe(number, &['-']);
        self.dir.join(format!("{host}_{number}.json"))
    }

    /// Writes the draft atomically and privately (0600 in a 0700 folder).
    pub fn save(&self, draft: &Draft) -> io::Result<()> {
        create_private_dir(&self.dir)?;
        let file = DraftFile {
            host: self.host.clone(),
            draft: draft.clone(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
        let options = WriteOptions {
            replace: true,
            private: true,
            never_over: None,
        };
        Ok(safe_write::write(
            &self.path(&draft.number),
            &json,
            options,
        )?)
    }

    /// The draft for `number`, if there is a readable one for this host. A file that cannot be
    /// read or parsed is logged and ignored (and left in place for the curious).
    pub fn load(&self, number: &str) -> Option<Draft> {
        let path = self.path(number);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "draft file unreadable; ignored");
                return None;
            }
        };
        match serde_json::from_slice::<DraftFile>(&bytes) {
            Ok(f) if f.host == self.host && f.draft.number == number && !f.draft.is_empty() => {
                Some(f.draft)
            }
            Ok(_) => {
                tracing::warn!(path = %path.display(), "draft file is for another server or number; ignored");
                None
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "draft file is corrupt; ignored");
                None
            }
        }
    }

    pub fn clear(&self, number: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(number)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

fn safe(s: &str, extra: &[char]) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || extra.contains(c))
        .collect()
}

/// Answers a `Load` (the worker turns it into a `Msg`).
pub type LoadReply = Box<dyn FnOnce(Option<Draft>) + Send>;

/// Work for the writer task, handled strictly in order so a clear can never be overtaken by an
/// older write.
pub enum DraftOp {
    Save {
        draft: Box<Draft>,
        after: Duration,
    },
    Clear {
        number: String,
    },
    Load {
        number: String,
        reply: LoadReply,
    },
    /// Writes every pending draft now (at exit), then answers.
    Flush(oneshot::Sender<()>),
}

/// A handle on the writer task; cheap to clone.
#[derive(Clone)]
pub struct DraftWriter {
    tx: UnboundedSender<DraftOp>,
}

impl DraftWriter {
    /// Starts the writer task on the current runtime.
    pub fn spawn(store: DraftStore) -> Self {
        let (tx, rx) = unbounded_channel();
        tokio::spawn(writer(store, rx));
        Self { tx }
    }

    pub fn send(&self, op: DraftOp) {
        // The task only ends when every handle is gone, so this cannot fail while `self` lives.
        let _ = self.tx.send(op);
    }

    /// Writes what is pending; returns once it is on disk (or the task is gone).
    pub async fn flush(&self) {
        let (tx, rx) = oneshot::channel();
        if self.tx.send(DraftOp::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

/// One delayed write per number; a newer draft replaces the pending one but keeps its deadline,
/// so steady typing still reaches the disk every `after`. Sleeps only while a write is pending.
async fn writer(store: DraftStore, mut rx: UnboundedReceiver<DraftOp>) {
    let mut pending: HashMap<String, (Draft, Instant)> = HashMap::new();
    loop {
        let due = pending.values().map(|(_, at)| *at).min();
        let op = tokio::select! {
            op = rx.recv() => op,
            _ = sleep_until(due), if due.is_some() => {
                let now = Instant::now();
                let ready: Vec<String> = pending
                    .iter()
                    .filter(|(_, (_, at))| *at <= now)
                    .map(|(n, _)| n.clone())
                    .collect();
                for number in ready {
                    if let Some((draft, _)) = pending.remove(&number) {
                        write(&store, draft).await;
                    }
                }
                continue;
            }
        };
        match op {
            Some(DraftOp::Save { draft, after }) => {
                let at = pending
                    .get(&draft.number)
                    .map_or_else(|| Instant::now() + after, |(_, at)| *at);
                pending.insert(draft.number.clone(), (*draft, at));
            }
            Some(DraftOp::Clear { number }) => {
                pending.remove(&number);
                let store = store.clone();
                let n = number.clone();
                match tokio::task::spawn_blocking(move || store.clear(&n)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::warn!(error = %e, "could not remove a draft"),
                    Err(e) => tracing::warn!(error = %e, "draft removal stopped"),
                }
            }
            Some(DraftOp::Load { number, reply }) => {
                // A pending write is newer than the file.
                let draft = match pending.get(&number) {
                    Some((d, _)) => Some(d.clone()),
                    None => {
                        let store = store.clone();
                        tokio::task::spawn_blocking(move || store.load(&number))
                            .await
                            .ok()
                            .flatten()
                    }
                };
                reply(draft);
            }
            Some(DraftOp::Flush(done)) => {
                for (_, (draft, _)) in pending.drain() {
                    write(&store, draft).await;
                }
                let _ = done.send(());
            }
            None => {
                for (_, (draft, _)) in pending.drain() {
                    write(&store, draft).await;
                }
                return;
            }
        }
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

async fn write(store: &DraftStore, draft: Draft) {
    let store = store.clone();
    match tokio::task::spawn_blocking(move || store.save(&draft)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "could not write a draft"),
        Err(e) => tracing::warn!(error = %e, "draft writing stopped"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_written_before_the_one_card_type_is_read_the_same() {
        let earlier = r#"{"host": "backend.blooio.com", "number": "+15551230001",
            "saved_at_ms": 1, "card": {"first": "Jane", "last": "Doe", "sharing": false,
            "audience": 1, "name_format": 1, "photo": "/tmp/me.png"}}"#;
        let now = r#"{"host": "backend.blooio.com", "number": "+15551230001",
            "saved_at_ms": 1, "card": {"first_name": "Jane", "last_name": "Doe",
            "sharing": false, "audience": "always-ask", "name_format": "first",
            "avatar": "/tmp/me.png"}}"#;
        let read = |text: &str| serde_json::from_str::<DraftFile>(text).unwrap().draft;
        let draft = read(earlier);
        assert_eq!(
            draft.card,
            CardFields {
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
                avatar: Some(PathBuf::from("/tmp/me.png")),
                sharing: Some(false),
                audience: Some(Audience::AlwaysAsk),
                name_format: Some(NameFormat::FirstOnly),
            }
        );
        assert_eq!(read(now), draft);
        // What is written now is the card file's keys and words, and reads back the same.
        let file = DraftFile {
            host: "backend.blooio.com".into(),
            draft: draft.clone(),
        };
        let written = serde_json::to_string(&file).unwrap();
        assert!(written.contains(r#""audience":"always-ask""#), "{written}");
        assert_eq!(read(&written), draft);
        // A card of neither form (no card at all, or an unknown word) is the empty card or an error.
        let bare = r#"{"host": "h", "number": "+1", "saved_at_ms": 1}"#;
        assert!(read(bare).card.is_empty());
        let bad = now.replace("always-ask", "everyone");
        assert!(serde_json::from_str::<DraftFile>(&bad).is_err());
    }
}
