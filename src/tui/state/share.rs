//! The share overlay: the card staged in many chats at once ("Stage your card in N marked
//! chats", or in all the chats the picker's filter matches), run by the share engine the CLI's
//! `share --all-chats | --chats` uses. One row per chat with its outcome, the plan sentence, and
//! where the run stands (listing, planned, staging, stopping, done).

use std::collections::BTreeSet;
use std::time::Duration;

use crate::api;
use crate::fleet::share::{
    ChatItem, ChatOutcome, ChatStatus, Filter, Selection, SharePlan, StopReason,
};
use crate::tui::msg::{ErrorInfo, FleetJob};
use crate::tui::state::InFlight;
use crate::tui::state::picker::ChatPicker;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharePhase {
    /// The chats are being listed (`GET /chats`, page by page) and checked against the journal.
    Listing,
    /// The plan is shown; nothing was sent.
    Planned,
    Staging,
    /// Asked to stop: requests in flight finish, nothing new starts.
    Stopping,
    /// Over: the summary stays until dismissed.
    Done,
}

/// Which chats the overlay is about, as its title says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The chats marked in the picker.
    Marked,
    /// Every chat matching the picker's filter ("" for all).
    All { filter: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatState {
    Planned,
    /// Staging: no answer yet.
    Waiting,
    Staged,
    /// Why, in words.
    Failed(String),
    /// The run stopped before this chat.
    NotStarted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRow {
    pub chat: ChatItem,
    pub state: ChatState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShareState {
    pub scope: Scope,
    /// The selection as the CLI's: it keys the same journal, so a rerun skips staged chats.
    pub selection: Selection,
    /// The picker the overlay was opened from, back when it closes.
    pub picker: ChatPicker,
    pub phase: SharePhase,
    /// While listing: how many chats so far, of how many when the server says.
    pub listed: (usize, Option<usize>),
    /// The chats to stage (the journal's staged ones are only counted).
    pub rows: Vec<ShareRow>,
    pub skipped: usize,
    /// The plan in the CLI's words.
    pub plan_text: String,
    /// The chats could not be listed: nothing can be staged.
    pub list_error: Option<ErrorInfo>,
    /// Why the last run stopped before its last chat.
    pub stop: Option<StopReason>,
    pub journal_error: Option<String>,
    /// The share job in flight: its progress counts only while it is the current one.
    pub job: InFlight,
    pub selected: usize,
    pub asking_stop: bool,
    /// The last rate limit met: every request waited this long, then this many a second.
    pub rate_limited: Option<(Duration, f64)>,
    pub note: Option<String>,
    /// How many runs were started (the first, then each `r`), and the chats of the last.
    pub runs: usize,
    pub last_run: BTreeSet<String>,
}

/// How the rows stand, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareCounts {
    pub planned: usize,
    pub waiting: usize,
    pub staged: usize,
    pub failed: usize,
    pub not_started: usize,
}

impl ShareState {
    pub fn new(scope: Scope, selection: Selection, picker: ChatPicker) -> Self {
        Self {
            scope,
            selection,
            picker,
            phase: SharePhase::Listing,
            listed: (0, None),
            rows: Vec::new(),
            skipped: 0,
            plan_text: String::new(),
            list_error: None,
            stop: None,
            journal_error: None,
            job: InFlight::default(),
            selected: 0,
            asking_stop: false,
            rate_limited: None,
            note: None,
            runs: 0,
            last_run: BTreeSet::new(),
        }
    }

    /// The overlay for the picker's marked chats (as `share --chats FILE` with their ids), or,
    /// with none marked, for every chat its filter matches (as `share --all-chats --query`).
    /// Also the marked chats, known already; all the chats are listed by the job.
    pub fn from_picker(picker: ChatPicker, chats: &[api::Chat]) -> (Self, Option<Vec<ChatItem>>) {
        let marked = picker.marked_in_order(chats);
        if marked.is_empty() {
            let query = picker.filter.trim().to_owned();
            let filter = Filter {
                query: (!query.is_empty()).then(|| query.clone()),
                ..Filter::default()
            };
            let scope = Scope::All { filter: query };
            return (Self::new(scope, Selection::All(filter), picker), None);
        }
        let items: Vec<ChatItem> = marked
            .into_iter()
            .cloned()
            .filter_map(ChatItem::from_listed)
            .collect();
        let ids = items.iter().map(|c| c.id.clone()).collect();
        let share = Self::new(Scope::Marked, Selection::Listed(ids), picker);
        (share, Some(items))
    }

    /// Something on screen moves (a spinner).
    pub fn busy(&self) -> bool {
        matches!(
            self.phase,
            SharePhase::Listing | SharePhase::Staging | SharePhase::Stopping
        )
    }

    /// The plan is in and has chats to stage: Enter starts.
    pub fn can_start(&self) -> bool {
        self.phase == SharePhase::Planned && self.list_error.is_none() && !self.rows.is_empty()
    }

    /// The plan job is over: its chats, or why they could not be listed.
    pub fn planned(&mut self, result: Result<SharePlan, ErrorInfo>) {
        match result {
            Ok(plan) => {
                self.plan_text =
                    crate::fleet::share::words::plan_text(&plan, &self.selection, false, None);
                self.skipped = plan.skipped.len();
                self.rows = plan
                    .to_stage
                    .into_iter()
                    .map(|chat| ShareRow {
                        chat,
                        state: ChatState::Planned,
                    })
                    .collect();
            }
            Err(e) => self.list_error = Some(e),
        }
        self.phase = SharePhase::Planned;
    }

    /// One chat's outcome.
    pub fn outcome(&mut self, outcome: &ChatOutcome) {
        if let Some(row) = self.rows.iter_mut().find(|r| r.chat.id == outcome.chat.id) {
            row.state = match outcome.status {
                ChatStatus::Staged | ChatStatus::Skipped => ChatState::Staged,
                ChatStatus::Failed => {
                    ChatState::Failed(outcome.error.clone().unwrap_or_else(|| "failed".into()))
                }
                ChatStatus::NotStarted | ChatStatus::Planned => ChatState::NotStarted,
            };
        }
    }

    /// The run is over: what never got an answer was not started.
    pub fn over(&mut self, stop: Option<StopReason>, journal_error: Option<String>) {
        for row in &mut self.rows {
            if row.state == ChatState::Waiting {
                row.state = ChatState::NotStarted;
            }
        }
        self.stop = stop;
        self.journal_error = journal_error;
        self.phase = SharePhase::Done;
        self.asking_stop = false;
    }

    /// The chats `r` stages again: the failed and the not started.
    pub fn to_retry(&self) -> Vec<ChatItem> {
        self.rows
            .iter()
            .filter(|r| matches!(r.state, ChatState::Failed(_) | ChatState::NotStarted))
            .map(|r| r.chat.clone())
            .collect()
    }

    /// Starts staging in every planned chat, or (`retry`) in the failed and not started ones:
    /// the job that stages them (none: nothing to stage, nothing changed).
    pub fn begin(&mut self, retry: bool) -> Option<FleetJob> {
        let chats: Vec<ChatItem> = if retry {
            self.to_retry()
        } else {
            self.rows.iter().map(|r| r.chat.clone()).collect()
        };
        if chats.is_empty() {
            return None;
        }
        self.start(&chats);
        Some(FleetJob::Stage {
            selection: self.selection.clone(),
            chats,
        })
    }

    fn start(&mut self, chats: &[ChatItem]) {
        for row in &mut self.rows {
            if chats.iter().any(|c| c.id == row.chat.id) {
                row.state = ChatState::Waiting;
            }
        }
        self.runs += 1;
        self.last_run = chats.iter().map(|c| c.id.clone()).collect();
        self.phase = SharePhase::Staging;
        self.stop = None;
        self.journal_error = None;
        self.rate_limited = None;
        self.note = None;
    }

    /// Which rows are in flight: the engine starts the chats in order, at most its concurrency
    /// at once, so the first that wait are under way and the rest are queued.
    pub fn in_flight(&self) -> Vec<bool> {
        let mut waiting = 0;
        self.rows
            .iter()
            .map(|r| {
                let waits = r.state == ChatState::Waiting;
                waiting += usize::from(waits);
                waits && waiting <= crate::fleet::DEFAULT_CONCURRENCY
            })
            .collect()
    }

    pub fn counts(&self) -> ShareCounts {
        Self::count(self.rows.iter())
    }

    /// How the chats of the last run stand (a retry's, after `r`).
    pub fn last_run_counts(&self) -> ShareCounts {
        Self::count(
            self.rows
                .iter()
                .filter(|r| self.last_run.contains(&r.chat.id)),
        )
    }

    fn count<'a>(rows: impl Iterator<Item = &'a ShareRow>) -> ShareCounts {
        let mut c = ShareCounts::default();
        for row in rows {
            match row.state {
                ChatState::Planned => c.planned += 1,
                ChatState::Waiting => c.waiting += 1,
                ChatState::Staged => c.staged += 1,
                ChatState::Failed(_) => c.failed += 1,
                ChatState::NotStarted => c.not_started += 1,
            }
        }
        c
    }
}
