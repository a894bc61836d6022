//! The two message types of the Elm loop: `Msg` flows into `App::update`, `Cmd` flows out of it,
//! each kind to the one that runs it (the worker, the draft writer, the fleet engine). Every
//! answer carries the request id it answers, so stale ones can be dropped.

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{Event, KeyEvent, MouseEvent};

use crate::api::{
    ApiError, CardUpdate, CardUpdateResponse, Chat, ContactCard, Message, MessageStatus,
    PhoneNumber, SendMessage, SendResponse, ShareResponse,
};
use crate::fleet::share::{ChatItem, ChatOutcome, Selection, SharePlan, StopReason};
use crate::fleet::{Avatar, CardFields, Field, NumberOutcome, NumberPlan, Plan};
use crate::tui::draft::Draft;
use crate::tui::preview::Preview;

/// Identifies one request; results whose id is no longer current are ignored ("last one wins").
pub type ReqId = u64;

/// A failed request, reduced to what the UI shows: one sentence plus the parts it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub status: Option<u16>,
    pub code: Option<String>,
    pub sentence: String,
}

impl ErrorInfo {
    /// Whether the server may have acted on the request all the same: the API's one rule
    /// (`ApiError::may_have_arrived`), which the CLI uses for sends too.
    pub fn may_have_arrived(&self) -> bool {
        crate::api::error::status_may_have_arrived(self.status)
    }

    pub fn message(sentence: impl Into<String>) -> Self {
        Self {
            status: None,
            code: None,
            sentence: sentence.into(),
        }
    }
}

impl From<&ApiError> for ErrorInfo {
    fn from(e: &ApiError) -> Self {
        Self {
            status: e.status(),
            code: e.code().map(str::to_owned),
            sentence: e.to_string(),
        }
    }
}

impl From<ApiError> for ErrorInfo {
    fn from(e: ApiError) -> Self {
        Self::from(&e)
    }
}

/// A photo picked from a file and run through the avatar pipeline, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedPhoto {
    pub source: PathBuf,
    /// Plain base64 of the JPEG, as the PUT wants it.
    pub base64: String,
    pub report: String,
    pub preview: Preview,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Advances spinners; only sent while something animates.
    Tick,
    /// How the avatar is drawn, decided again (the terminal answered the graphics probe).
    Graphics(crate::tui::capabilities::Graphics),
    /// Whether tmux shows bloocard's pane now, and where (for a picture through passthrough).
    TmuxPane(crate::tui::capabilities::tmux::PaneView),
    FocusGained,
    Numbers {
        id: ReqId,
        result: Result<Vec<PhoneNumber>, ErrorInfo>,
    },
    Card {
        id: ReqId,
        result: Result<ContactCard, ErrorInfo>,
    },
    AvatarDecoded {
        id: ReqId,
        result: Result<Preview, String>,
    },
    Saved {
        id: ReqId,
        result: Result<CardUpdateResponse, ErrorInfo>,
    },
    PhotoPrepared {
        id: ReqId,
        result: Result<PreparedPhoto, String>,
    },
    AvatarWritten {
        result: Result<PathBuf, String>,
    },
    /// `WriteAvatar` without `overwrite` found a file at `path` and left it alone.
    AvatarFileExists {
        path: PathBuf,
    },
    Chats {
        id: ReqId,
        result: Result<Vec<Chat>, ErrorInfo>,
    },
    Staged {
        id: ReqId,
        result: Result<ShareResponse, ErrorInfo>,
    },
    Sent {
        id: ReqId,
        result: Result<SendResponse, ErrorInfo>,
    },
    Status {
        id: ReqId,
        result: Result<MessageStatus, ErrorInfo>,
    },
    /// Directory entries that complete the typed path (Tab in a path field).
    Completions {
        id: ReqId,
        typed: String,
        result: Result<Vec<String>, String>,
    },
    /// The debounce timer for moving the number selection expired.
    SelectionSettled {
        seq: ReqId,
    },
    /// The stored draft for the card just loaded, if there is one.
    Draft {
        id: ReqId,
        draft: Option<Draft>,
    },
    /// Progress of a fleet job (the card applied to marked numbers), one message per event.
    Fleet {
        id: ReqId,
        event: FleetEvent,
    },
    /// Progress of a share job (the card staged in many chats), one message per event.
    Share {
        id: ReqId,
        update: ShareUpdate,
    },
    /// A chat's recent messages, oldest first.
    History {
        id: ReqId,
        result: Result<Vec<Message>, ErrorInfo>,
    },
}

impl Msg {
    /// The message for a terminal event (keys, paste, mouse, resize, focus), whichever reader
    /// read it; `None` for one the app does not use.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            Event::Key(k) => Some(Msg::Key(k)),
            Event::Paste(s) => Some(Msg::Paste(s)),
            Event::Mouse(m) => Some(Msg::Mouse(m)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            Event::FocusGained => Some(Msg::FocusGained),
            Event::FocusLost => None,
        }
    }
}

/// An effect `update` asks for, by who runs it: the loop's `dispatch` hands each kind to its
/// runner in one match.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// API calls, files, images and timers: the worker runs each as its own task.
    Worker(WorkerCmd),
    /// The draft files: the draft writer handles them in order.
    Draft(DraftCmd),
    /// The apply and share overlays' jobs: the fleet and share engines run them (`fleet_jobs.rs`).
    Fleet(FleetCmd),
}

/// What the worker runs; each answers with one `Msg` (a timer's included).
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerCmd {
    LoadNumbers {
        id: ReqId,
    },
    LoadCard {
        id: ReqId,
        number: String,
    },
    /// Builds the preview of `base64` for a box of `cells` (columns, rows).
    DecodeAvatar {
        id: ReqId,
        base64: String,
        cells: (u16, u16),
    },
    SaveCard {
        id: ReqId,
        number: String,
        update: CardUpdate,
    },
    PreparePhoto {
        id: ReqId,
        path: PathBuf,
        /// The preview box, as for `DecodeAvatar`.
        cells: (u16, u16),
    },
    /// Writes the avatar to `path`; an existing file is replaced only with `overwrite`.
    WriteAvatar {
        base64: String,
        path: PathBuf,
        overwrite: bool,
    },
    LoadChats {
        id: ReqId,
    },
    StageShare {
        id: ReqId,
        chat: String,
    },
    Send {
        id: ReqId,
        chat: String,
        body: SendMessage,
        idempotency_key: String,
    },
    PollStatus {
        id: ReqId,
        chat: String,
        message_id: String,
        after: Duration,
    },
    /// Lists the entries that could complete `typed` (as typed, `~` included).
    CompletePath {
        id: ReqId,
        typed: String,
    },
    /// Sends `Msg::SelectionSettled { seq }` back after `after`.
    Debounce {
        seq: ReqId,
        after: Duration,
    },
    /// Reads the recent messages of `chat`; answered with `Msg::History`.
    LoadHistory {
        id: ReqId,
        chat: String,
    },
}

/// What the draft writer does; only a lookup answers (`Msg::Draft`).
#[derive(Debug, Clone, PartialEq)]
pub enum DraftCmd {
    /// Writes the draft of `draft.number` within `after`; a newer one replaces it (last one wins).
    Save { draft: Box<Draft>, after: Duration },
    /// Removes the draft of `number` (and any write of it still pending).
    Clear { number: String },
    /// Reads the draft of `number`; answered with `Msg::Draft`.
    Load { id: ReqId, number: String },
}

/// What the fleet engine is asked for; a job answers with a `Msg::Fleet` per event.
#[derive(Debug, Clone, PartialEq)]
pub enum FleetCmd {
    /// Runs `job`; answered with `Msg::Fleet` as each number finishes.
    Run { id: ReqId, job: FleetJob },
    /// Stops the job `id`: requests in flight finish, nothing new starts.
    Stop { id: ReqId },
}

/// What the fleet engine is asked to do for the apply overlay.
#[derive(Debug, Clone, PartialEq)]
pub enum FleetJob {
    /// Read every number's card and compare it with `card`.
    Plan {
        numbers: Vec<String>,
        card: CardFields<Avatar>,
    },
    /// Write what `plan` says differs.
    Apply { plan: Plan },
    /// Read `numbers` again, then write what still differs in `fields` (retrying failed rows).
    Retry {
        numbers: Vec<String>,
        card: CardFields<Avatar>,
        fields: Vec<Field>,
    },
    /// The share overlay: list the chats `selection` picks (`chats` when they are known
    /// already: the marked ones) and split off those its journal has staged.
    SharePlan {
        selection: Selection,
        chats: Option<Vec<ChatItem>>,
    },
    /// Stage the card in `chats`, noting each in the journal of `selection`.
    Stage {
        selection: Selection,
        chats: Vec<ChatItem>,
    },
}

/// What a share job reports, in the order it happens (answered as `Msg::Share`).
#[derive(Debug, Clone, PartialEq)]
pub enum ShareUpdate {
    /// Another page of chats was listed: `listed` so far, of `total` when the server says.
    Listed { listed: usize, total: Option<usize> },
    /// The chats to stage and those the journal has staged, or why they could not be listed.
    Planned(Result<SharePlan, ErrorInfo>),
    /// One chat finished (staged, failed, or not started after a stop).
    Done(Box<ChatOutcome>),
    /// A 429: every request waits `wait`, then they start at most `per_second` a second.
    RateLimited { wait: Duration, per_second: f64 },
    /// The run is over: why it stopped early, if it did, and whether the journal was saved.
    Over {
        stop: Option<StopReason>,
        journal_error: Option<String>,
    },
}

/// What a fleet job reports, in the order it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum FleetEvent {
    /// One number's card was read and compared.
    Planned(Box<NumberPlan>),
    /// Every number is planned, or the numbers list failed and none could be.
    PlanDone(Result<Plan, ErrorInfo>),
    /// One number finished applying.
    Applied(Box<NumberOutcome>),
    /// A 429: every request waits `wait`, then at most `concurrency` are in flight.
    RateLimited { wait: Duration, concurrency: usize },
    /// The apply is over; `stopped` when it was stopped before every number started.
    ApplyDone { stopped: bool },
}
