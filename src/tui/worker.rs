//! The worker: owns the API client and the graphics avatars are encoded with, runs each `WorkerCmd` as its own task
//! and sends the result back as a `Msg` tagged with the request id. It never sees UI state, nor
//! drafts (the loop hands those to the draft writer); its fleet jobs are `fleet_jobs.rs`'.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use crate::api::{ApiError, ChatQuery, Client, Message, MessagesResponse, Reply};
use crate::avatar::{self, PrepareOptions};
use crate::paths::{expand_tilde, home};
use crate::safe_write;
use crate::tui::capabilities::{Graphics, SharedGraphics};
use crate::tui::fleet_jobs::FleetJobs;
use crate::tui::msg::{ErrorInfo, Msg, PreparedPhoto, WorkerCmd};
use crate::tui::preview;
use crate::tui::replies::Replies;
use crate::tui::state::history::HISTORY_PAGE;

/// How many chats the picker fetches; it filters locally as the operator types.
const CHAT_PAGE: u32 = 100;

#[derive(Clone)]
pub struct Worker {
    client: Client,
    /// How avatars are encoded now (`None`: images off); the input session updates it when the
    /// terminal answers the graphics probe.
    graphics: SharedGraphics,
    replies: Replies,
    fleet: FleetJobs,
}

impl Worker {
    /// A worker encoding avatars with `graphics` (`None`: images off).
    pub fn new(client: Client, graphics: Option<Graphics>, tx: UnboundedSender<Msg>) -> Self {
        let replies = Replies::new(tx);
        Self {
            fleet: FleetJobs::new(
                client.clone(),
                crate::fleet::Records::default_location(),
                replies.clone(),
            ),
            client,
            graphics: Arc::new(std::sync::RwLock::new(graphics)),
            replies,
        }
    }

    /// Where the share overlay keeps its journals (default: the state folder, as the CLI; `None`
    /// remembers nothing).
    pub fn with_share_journals(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.fleet = self.fleet.with_share_journals(dir);
        self
    }

    /// Where fleet applies keep their record of avatars (default: the state folder, as the CLI).
    pub fn with_fleet_records(mut self, records: crate::fleet::Records) -> Self {
        self.fleet = self.fleet.with_records(records);
        self
    }

    /// The loop's queue and its count of answers owed; the loop's draft lookups answer through
    /// it too, so one count covers everything the loop awaits.
    pub fn replies(&self) -> &Replies {
        &self.replies
    }

    /// The fleet engine's jobs (the apply overlay's), answering through the same queue.
    pub fn fleet(&self) -> &FleetJobs {
        &self.fleet
    }

    /// Answers owed to the loop and not yet received (timers included).
    pub fn busy(&self) -> usize {
        self.replies.owed()
    }

    /// The loop calls this for every answer it takes from the queue.
    pub fn received(&self) {
        self.replies.received();
    }

    /// Starts `cmd` as its own task; its answer is owed to the loop from now on.
    pub fn start(&self, cmd: WorkerCmd) {
        let promise = self.replies.promise();
        let this = self.clone();
        // A task that ends without an answer (it panicked) drops its promise: no longer owed.
        tokio::spawn(async move {
            let msg = this.run(cmd).await;
            promise.keep(msg);
        });
    }

    /// The graphics it encodes with, for whoever learns better (the input session).
    pub fn graphics_handle(&self) -> SharedGraphics {
        self.graphics.clone()
    }

    /// The graphics to encode with now.
    fn graphics(&self) -> Option<Graphics> {
        self.graphics.read().ok().and_then(|g| g.clone())
    }

    async fn run(&self, cmd: WorkerCmd) -> Msg {
        use WorkerCmd as W;
        let c = &self.client;
        match cmd {
            W::LoadNumbers { id } => Msg::Numbers {
                id,
                result: answer(c.list_numbers().await).map(|n| n.numbers().to_vec()),
            },
            W::LoadCard { id, number } => Msg::Card {
                id,
                result: answer(c.get_card(&number).await),
            },
            W::SaveCard { id, number, update } => Msg::Saved {
                id,
                result: answer(c.update_card(&number, &update).await),
            },
            W::LoadChats { id } => Msg::Chats {
                id,
                result: answer(c.list_chats(&chat_page()).await).map(|r| r.chats().to_vec()),
            },
            W::StageShare { id, chat } => Msg::Staged {
                id,
                result: answer(c.share_card(&chat).await),
            },
            W::Send {
                id,
                chat,
                body,
                idempotency_key,
            } => Msg::Sent {
                id,
                result: answer(c.send_message(&chat, &body, &idempotency_key).await),
            },
            W::PollStatus {
                id,
                chat,
                message_id,
                after,
            } => {
                tokio::time::sleep(after).await;
                let result = answer(c.message_status(&chat, &message_id).await);
                Msg::Status { id, result }
            }
            W::LoadHistory { id, chat } => Msg::History {
                id,
                result: answer(c.list_messages(&chat, HISTORY_PAGE).await).map(oldest_first),
            },
            W::Debounce { seq, after } => {
                tokio::time::sleep(after).await;
                Msg::SelectionSettled { seq }
            }
            W::DecodeAvatar { id, base64, cells } => {
                let graphics = self.graphics();
                let result = blocking(move || {
                    let bytes = avatar::decode_base64(&base64).map_err(|e| e.to_string())?;
                    preview::build_sized(graphics.as_ref(), &bytes, cells)
                })
                .await;
                Msg::AvatarDecoded { id, result }
            }
            W::PreparePhoto { id, path, cells } => {
                let graphics = self.graphics();
                let result = blocking(move || prepare(graphics.as_ref(), path, cells)).await;
                Msg::PhotoPrepared { id, result }
            }
            W::WriteAvatar {
                base64,
                path,
                overwrite,
            } => write_avatar(&base64, path, overwrite).await,
            W::CompletePath { id, typed } => {
                let expanded = expand_tilde(&typed, home());
                let result = complete(&typed, &expanded).await;
                Msg::Completions { id, typed, result }
            }
        }
    }
}

/// The picker's one page of chats, newest first as the API sorts them.
fn chat_page() -> ChatQuery {
    ChatQuery {
        limit: Some(CHAT_PAGE),
        ..Default::default()
    }
}

/// The page is newest first; the history draws the newest at the bottom.
fn oldest_first(page: MessagesResponse) -> Vec<Message> {
    let mut messages = page.messages().to_vec();
    messages.sort_by_key(|m| m.time_sent.unwrap_or(i64::MIN));
    messages
}

/// Writes the avatar as `avatar prepare` writes its output ([`safe_write`]): without `overwrite`
/// an existing file is left alone (checked atomically by creating the file, not by looking
/// first) and answered with `AvatarFileExists`; with it the file is replaced whole.
async fn write_avatar(base64: &str, path: PathBuf, overwrite: bool) -> Msg {
    let bytes = match avatar::decode_base64(base64) {
        Ok(bytes) => bytes,
        Err(e) => {
            return Msg::AvatarWritten {
                result: Err(e.to_string()),
            };
        }
    };
    let target = path.clone();
    let options = safe_write::WriteOptions {
        replace: overwrite,
        ..Default::default()
    };
    let written =
        tokio::task::spawn_blocking(move || safe_write::write(&target, &bytes, options)).await;
    match written {
        Ok(Ok(())) => Msg::AvatarWritten { result: Ok(path) },
        Ok(Err(safe_write::WriteError::Exists(_))) => Msg::AvatarFileExists { path },
        Ok(Err(e)) => Msg::AvatarWritten {
            result: Err(e.to_string()),
        },
        Err(e) => Msg::AvatarWritten {
            result: Err(format!("writing the avatar stopped unexpectedly ({e})")),
        },
    }
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
    let mut entries = tokio::fs::read_dir(&dir).await.map_err(|e| {
        format!(
            "cannot list {}: {}",
            dir.display(),
            crate::io_error::Words(&e)
        )
    })?;
    let mut out = Vec::new();
    while let Some(entry) = entries.next_entry().await.map_err(|e| {
        format!(
            "cannot list {}: {}",
            dir.display(),
            crate::io_error::Words(&e)
        )
    })? {
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
    graphics: Option<&Graphics>,
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
    let preview = preview::build_sized(graphics, &prepared.jpeg, cells)?;
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

/// An API answer as the app takes it: the value, or the error logged and reduced to `ErrorInfo`.
fn answer<T>(result: Result<Reply<T>, ApiError>) -> Result<T, ErrorInfo> {
    result.map(|r| r.value).map_err(|e| {
        tracing::warn!(error = %e, "request failed");
        ErrorInfo::from(e)
    })
}
