//! The worker: owns the API client and the image picker, runs each `Cmd` as its own task and
//! sends the result back as a `Msg` tagged with the request id. It never sees UI state.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ratatui_image::picker::Picker;
use tokio::sync::mpsc::UnboundedSender;

use crate::api::{ChatQuery, Client};
use crate::avatar::{self, PrepareOptions};
use crate::tui::draft::{DraftOp, DraftWriter};
use crate::tui::msg::{Cmd, ErrorInfo, Msg, PreparedPhoto};
use crate::tui::preview;
use crate::tui::state::history::HISTORY_PAGE;
use crate::tui::state::path_input::expand_tilde;

/// How many chats the picker fetches; it filters locally as the operator types.
const CHAT_PAGE: u32 = 100;

#[derive(Clone)]
pub struct Worker {
    client: Client,
    picker: Option<Arc<Picker>>,
    tx: UnboundedSender<Msg>,
    busy: Arc<AtomicUsize>,
    drafts: Option<DraftWriter>,
}

/// Counts a command as outstanding until its result is received by the loop (`received`), or
/// here if the task ends without sending one — so "nothing in flight" is never seen too early.
struct BusyGuard {
    busy: Arc<AtomicUsize>,
    sent: bool,
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        if !self.sent {
            self.busy.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Worker {
    pub fn new(client: Client, picker: Option<Picker>, tx: UnboundedSender<Msg>) -> Self {
        Self {
            client,
            picker: picker.map(Arc::new),
            tx,
            busy: Arc::new(AtomicUsize::new(0)),
            drafts: None,
        }
    }

    /// Keeps drafts through `drafts`; without it draft commands do nothing (and a load finds none).
    pub fn with_drafts(mut self, drafts: Option<DraftWriter>) -> Self {
        self.drafts = drafts;
        self
    }

    /// Commands whose results have not been received yet (timers included).
    pub fn busy(&self) -> usize {
        self.busy.load(Ordering::SeqCst)
    }

    /// The loop calls this for every worker result it takes from the queue.
    pub fn received(&self) {
        self.busy.fetch_sub(1, Ordering::SeqCst);
    }

    /// Starts `cmd`.
    pub fn dispatch(&self, cmd: Cmd) {
        // Draft writes answer nothing, so they are not "in flight" for the loop.
        match cmd {
            Cmd::SaveDraft { draft, after } => {
                if let Some(d) = &self.drafts {
                    d.send(DraftOp::Save {
                        draft: Box::new(draft),
                        after,
                    });
                }
                return;
            }
            Cmd::ClearDraft { number } => {
                if let Some(d) = &self.drafts {
                    d.send(DraftOp::Clear { number });
                }
                return;
            }
            _ => {}
        }
        self.busy.fetch_add(1, Ordering::SeqCst);
        let guard = BusyGuard {
            busy: self.busy.clone(),
            sent: false,
        };
        if let Cmd::LoadDraft { id, number } = cmd {
            let tx = self.tx.clone();
            let reply: crate::tui::draft::LoadReply = Box::new(move |draft| {
                // The whole guard, not just `guard.sent`, must move in (see `dispatch` below).
                let mut guard = guard;
                guard.sent = tx.send(Msg::Draft { id, draft }).is_ok();
            });
            match &self.drafts {
                // Through the writer, in order: a clear sent before this load is seen by it.
                Some(d) => d.send(DraftOp::Load { number, reply }),
                None => reply(None),
            }
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            // Bind the whole guard: capturing only `guard.sent` would drop the guard right here.
            let mut guard = guard;
            if let Some(msg) = this.run(cmd).await {
                // The receiver is gone only when the app has quit; nothing is waiting for this.
                guard.sent = this.tx.send(msg).is_ok();
            }
        });
    }

    async fn run(&self, cmd: Cmd) -> Option<Msg> {
        let c = &self.client;
        Some(match cmd {
            Cmd::LoadNumbers { id } => Msg::Numbers {
                id,
                result: c
                    .list_numbers()
                    .await
                    .map(|r| r.value.numbers().to_vec())
                    .map_err(log_err),
            },
            Cmd::LoadCard { id, number } => Msg::Card {
                id,
                result: c.get_card(&number).await.map(|r| r.value).map_err(log_err),
            },
            Cmd::SaveCard { id, number, update } => Msg::Saved {
                id,
                result: c
                    .update_card(&number, &update)
                    .await
                    .map(|r| r.value)
                    .map_err(log_err),
            },
            Cmd::LoadChats { id } => Msg::Chats {
                id,
                result: c
                    .list_chats(&ChatQuery {
                        limit: Some(CHAT_PAGE),
                        ..Default::default()
                    })
                    .await
                    .map(|r| r.value.chats().to_vec())
                    .map_err(log_err),
            },
            Cmd::StageShare { id, chat } => Msg::Staged {
                id,
                result: c.share_card(&chat).await.map(|r| r.value).map_err(log_err),
            },
            Cmd::Send {
                id,
                chat,
                body,
                idempotency_key,
            } => Msg::Sent {
                id,
                result: c
                    .send_message(&chat, &body, &idempotency_key)
                    .await
                    .map(|r| r.value)
                    .map_err(log_err),
            },
            Cmd::PollStatus {
                id,
                chat,
                message_id,
                after,
            } => {
                tokio::time::sleep(after).await;
                Msg::Status {
                    id,
                    result: c
                        .message_status(&chat, &message_id)
                        .await
                        .map(|r| r.value)
                        .map_err(log_err),
                }
            }
            Cmd::LoadHistory { id, chat } => Msg::History {
                id,
                result: c
                    .list_messages(&chat, HISTORY_PAGE)
                    .await
                    .map(|r| {
                        // The page is newest first; the history draws the newest at the bottom.
                        let mut messages = r.value.messages().to_vec();
                        messages.sort_by_key(|m| m.time_sent.unwrap_or(i64::MIN));
                        messages
                    })
                    .map_err(log_err),
            },
            Cmd::Debounce { seq, after } => {
                tokio::time::sleep(after).await;
                Msg::SelectionSettled { seq }
            }
            Cmd::DecodeAvatar { id, base64, cells } => {
                let picker = self.picker.clone();
                let result = blocking(move || {
                    let bytes = avatar::decode_base64(&base64).map_err(|e| e.to_string())?;
                    preview::build_sized(picker.as_deref(), &bytes, cells)
                })
                .await;
                Msg::AvatarDecoded { id, result }
            }
            Cmd::PreparePhoto { id, path, cells } => {
                let picker = self.picker.clone();
                let result = blocking(move || prepare(picker.as_deref(), path, cells)).await;
                Msg::PhotoPrepared { id, result }
            }
            Cmd::WriteAvatar {
                base64,
                path,
                overwrite,
            } => match write_avatar(&base64, &path, overwrite).await {
                Err(WriteError::Exists) => Msg::AvatarFileExists { path },
                Err(WriteError::Failed(e)) => Msg::AvatarWritten { result: Err(e) },
                Ok(()) => Msg::AvatarWritten { result: Ok(path) },
            },
            Cmd::CompletePath { id, typed } => {
                let expanded = expand_tilde(&typed, dirs::home_dir());
                let result = complete(&typed, &expanded).await;
                Msg::Completions { id, typed, result }
            }
            Cmd::SaveDraft { .. } | Cmd::ClearDraft { .. } | Cmd::LoadDraft { .. } => return None,
        })
    }
}

enum WriteError {
    /// The file is there and `overwrite` was not given: nothing was written.
    Exists,
    Failed(String),
}

/// Writes the avatar; without `overwrite` an existing file is left alone (checked atomically by
/// creating the file, not by looking first).
async fn write_avatar(
    base64: &str,
    path: &std::path::Path,
    overwrite: bool,
) -> Result<(), WriteError> {
    use tokio::io::AsyncWriteExt;
    let bytes = avatar::decode_base64(base64).map_err(|e| WriteError::Failed(e.to_string()))?;
    let failed =
        |e: std::io::Error| WriteError::Failed(format!("cannot write {}: {e}", path.display()));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(path).await {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
        other => other.map_err(failed)?,
    };
    file.write_all(&bytes).await.map_err(failed)?;
    file.flush().await.map_err(failed)
}

/// Most entries a completion lists; beyond that the operator should type more.
const MAX_COMPLETIONS: usize = 50;

/// Entries of the typed path's folder that start with its last part, as the operator typed them
/// (`~` kept), folders ending in `/`, sorted. Hidden entries only when the part starts with a dot.
async fn complete(typed: &str, expanded: &std::path::Path) -> Result<Vec<String>, String> {
    let expanded_str = expanded.to_string_lossy();
    let (dir, part) = match expanded_str.rfind('/') {
        Some(i) => (
            PathBuf::from(&expanded_str[..=i]),
            expanded_str[i + 1..].to_owned(),
        ),
        None => (PathBuf::from("."), expanded_str.to_string()),
    };
    let typed_dir = match typed.rfind('/') {
        Some(i) => &typed[..=i],
        None => "",
    };
    let mut entries = tokio::fs::read_dir(&dir)
        .await
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut out = Vec::new();
    while let Some(entry) = entries
        .next_entry()
        .await
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&part) || (name.starts_with('.') && !part.starts_with('.')) {
            continue;
        }
        let is_dir = entry.file_type().await.map(|t| t.is_dir()).unwrap_or(false);
        let slash = if is_dir { "/" } else { "" };
        out.push(format!(
            "{typed_dir}{}{slash}",
            crate::sanitize::clean(&name)
        ));
        if out.len() >= MAX_COMPLETIONS {
            break;
        }
    }
    out.sort();
    Ok(out)
}

fn prepare(
    picker: Option<&Picker>,
    path: PathBuf,
    cells: (u16, u16),
) -> Result<PreparedPhoto, String> {
    let prepared = avatar::prepare_file(&path, &PrepareOptions::default()).map_err(|e| {
        let (shown, msg) = (path.display().to_string(), e.to_string());
        if msg.contains(&shown) {
            msg
        } else {
            format!("{shown}: {msg}")
        }
    })?;
    let preview = preview::build_sized(picker, &prepared.jpeg, cells)?;
    let r = &prepared.report;
    // The pipeline's full report is long (and timed); the operator needs what changed.
    let report = format!(
        "{} {}×{} → JPEG {side}×{side}, {}",
        r.format,
        r.width,
        r.height,
        crate::byte_size::human(r.out_bytes),
        side = r.out_side
    );
    tracing::info!(report = %r, "photo prepared");
    Ok(PreparedPhoto {
        base64: avatar::encode_base64(&prepared.jpeg),
        report,
        preview,
        source: path,
    })
}

/// Image work runs on the blocking pool so neither the UI nor the network tasks stall.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(format!("image processing stopped unexpectedly ({e})")))
}

fn log_err(e: crate::api::ApiError) -> ErrorInfo {
    tracing::warn!(error = %e, "request failed");
    ErrorInfo::from(e)
}
