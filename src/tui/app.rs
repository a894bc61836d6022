//! `App`: all UI state, and `update(Msg) -> Vec<Cmd>`, the only place it changes. `update` is a
//! dispatcher, one line per message; how each pane reacts lives in `tui/update/`, one file per
//! pane. Synchronous and free of I/O, clock and randomness (all injected through `AppConfig` and
//! `now`), so tests drive it with keys and fake results and snapshot what it draws.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::tui::keymap::Context;
use crate::tui::msg::{Cmd, Msg};
use crate::tui::state::Ids;
use crate::tui::state::apply::{ApplyState, Phase};
use crate::tui::state::card::{AvatarView, CardField, CardState};
use crate::tui::state::composer::{ComposerField, ComposerState};
use crate::tui::state::drafts::DraftTrack;
use crate::tui::state::numbers::NumbersState;
use crate::tui::state::picker::ChatPicker;
use crate::tui::state::share::{SharePhase, ShareState};

pub use crate::tui::state::Pane;
pub use crate::tui::state::numbers::SETTLE;
pub use crate::tui::state::overlay::{Confirm, Exit, Modal, Toast};

#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    pub from_number: Option<String>,
    pub mouse: bool,
    pub images_off: bool,
    /// Keep unsaved edits in draft files (the worker knows where) and offer them back.
    pub drafts: bool,
    /// NO_COLOR was set at start: frames are drawn without colour.
    pub no_color: bool,
    /// Under NO_COLOR, the avatar keeps its colours all the same (`--image halfblocks` was asked
    /// for explicitly, and half blocks are nothing but colour).
    pub avatar_colour: bool,
    /// The home directory `~` stands for in path fields (looked up once, at start).
    pub home: Option<PathBuf>,
    /// Random at start; idempotency keys of sends are derived from it, so `update` draws none.
    pub key_seed: u128,
    /// The profile in use, shown in the numbers pane's title so the account is never in doubt.
    pub profile: Option<String>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub numbers: NumbersState,
    pub card: CardState,
    pub composer: ComposerState,
    pub focus: Pane,
    /// The overlay that has the keyboard, if one is open: help, a question, the chat picker…
    pub modal: Option<Modal>,
    /// The chat picker or apply overlay a question was asked over (`App::ask`): it comes back
    /// once the question is answered, and an apply under it goes on meanwhile.
    pub covered: Option<Box<Modal>>,
    pub toast: Option<Toast>,
    /// "Now" for relative times; set by the loop, fixed in tests.
    pub now: DateTime<Utc>,
    pub spinner: usize,
    pub size: (u16, u16),
    /// Set when the loop should stop (quit) or suspend; the loop takes it after each update.
    pub exit: Option<Exit>,
    /// The quit question was answered "save, then quit": quit once the save succeeds.
    pub quit_after_save: bool,
    pub config: AppConfig,
    pub drafts: DraftTrack,
    pub ids: Ids,
    /// Sends made so far, for deriving the next idempotency key.
    pub sends: u64,
    /// How the avatar is drawn and why (`Msg::Graphics`), for `?` and the card pane's hint.
    pub graphics: Option<crate::tui::capabilities::Graphics>,
    /// Whether tmux shows bloocard's pane and where (`Msg::TmuxPane`), for a picture placed
    /// through passthrough; `None` until tmux has said.
    pub tmux_pane: Option<crate::tui::capabilities::tmux::PaneView>,
}

impl App {
    pub fn new(config: AppConfig, now: DateTime<Utc>) -> Self {
        Self {
            numbers: NumbersState::default(),
            card: CardState::default(),
            composer: ComposerState::new(),
            focus: Pane::Numbers,
            modal: None,
            covered: None,
            toast: None,
            now,
            spinner: 0,
            size: (0, 0),
            exit: None,
            quit_after_save: false,
            config,
            drafts: DraftTrack::default(),
            ids: Ids::default(),
            sends: 0,
            graphics: None,
            tmux_pane: None,
        }
    }

    /// The commands to run at start: fetch the numbers.
    pub fn init(&mut self) -> Vec<Cmd> {
        self.refresh_numbers()
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut cmds = match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Resize(w, h) => self.on_resize(w, h),
            Msg::Tick => self.on_tick(),
            Msg::FocusGained => Vec::new(),
            Msg::Numbers { id, result } => self.on_numbers(id, result),
            Msg::SelectionSettled { seq } => self.on_selection_settled(seq),
            Msg::Card { id, result } => self.on_card(id, result),
            Msg::AvatarDecoded { id, result } => self.on_avatar_decoded(id, result),
            Msg::Graphics(graphics) => self.on_graphics(graphics),
            Msg::TmuxPane(view) => {
                self.tmux_pane = Some(view);
                Vec::new()
            }
            Msg::Saved { id, result } => self.on_saved(id, result),
            Msg::PhotoPrepared { id, result } => self.on_photo_prepared(id, result),
            Msg::AvatarWritten { result } => self.on_avatar_written(result),
            Msg::AvatarFileExists { path } => self.on_avatar_file_exists(path),
            Msg::Completions { id, typed, result } => self.on_completions(id, &typed, result),
            Msg::Chats { id, result } => self.on_chats(id, result),
            Msg::Staged { id, result } => self.on_staged(id, result),
            Msg::Sent { id, result } => self.on_sent(id, result),
            Msg::Status { id, result } => self.on_status(id, result),
            Msg::Draft { id, draft } => self.on_draft(id, draft),
            Msg::Fleet { id, event } => self.on_fleet(id, event),
            Msg::Share { id, update } => self.on_share(id, update),
            Msg::History { id, result } => self.on_history(id, result),
        };
        self.keep_scroll();
        cmds.extend(self.draft_cmds());
        cmds
    }

    /// Why the loop should stop, once: `Quit` or `Suspend`.
    pub fn take_exit(&mut self) -> Option<Exit> {
        self.exit.take()
    }

    /// Whether something on screen moves (a spinner): only then does the loop tick.
    pub fn animating(&self) -> bool {
        self.numbers.load.is_loading()
            || self.card.load.is_loading()
            || self.card.saving.pending()
            || self.card.preparing.pending()
            || matches!(self.card.avatar, AvatarView::Decoding)
            || self.composer.sending.pending()
            || self.composer.staging.pending()
            || self.composer.chats.is_loading()
            || self
                .composer
                .history
                .as_ref()
                .is_some_and(|h| h.load.is_loading())
            || self
                .composer
                .sent
                .as_ref()
                .is_some_and(|s| s.poll.pending())
            || self.apply().is_some_and(ApplyState::busy)
            || self.share().is_some_and(ShareState::busy)
    }

    pub fn has_unsaved(&self) -> bool {
        self.card.is_dirty() || self.composer.has_unsent()
    }

    /// The open modals, bottom first: the one a question covers, then the one on top.
    pub fn modals(&self) -> impl Iterator<Item = &Modal> {
        self.covered
            .as_deref()
            .into_iter()
            .chain(self.modal.as_ref())
    }

    /// The apply overlay, while it is open (a question may cover it).
    pub fn apply(&self) -> Option<&ApplyState> {
        self.modals().find_map(|m| match m {
            Modal::Apply(apply) => Some(&**apply),
            _ => None,
        })
    }

    /// The share overlay, while it is open.
    pub fn share(&self) -> Option<&ShareState> {
        self.modals().find_map(|m| match m {
            Modal::Share(share) => Some(&**share),
            _ => None,
        })
    }

    /// The chat picker, while it is open (a question may cover it).
    pub fn picker(&self) -> Option<&ChatPicker> {
        self.modals().find_map(|m| match m {
            Modal::Picker(picker) => Some(picker),
            _ => None,
        })
    }

    /// The keymap contexts active now, in routing order: the router walks them for each key and
    /// the footer lists their bindings, so both always agree. An open modal takes every key but
    /// force-quit; otherwise the focused pane's contexts come first, then the keys of anywhere.
    pub fn contexts(&self) -> Vec<Context> {
        if let Some(modal) = &self.modal {
            let mut out = vec![self.modal_context(modal)];
            if let Modal::Apply(apply) = modal {
                // What the overlay's footer may offer: `y` with a group on, `r` after failures.
                if apply.groups.any() {
                    out.push(Context::ApplyGroupOn);
                }
                if apply.phase == Phase::Done && !apply.failed_numbers().is_empty() {
                    out.push(Context::ApplyFailed);
                }
            }
            if let Modal::Share(share) = modal {
                // Enter with chats to stage, `r` after failures.
                if share.can_start() {
                    out.push(Context::ShareCanStart);
                }
                if share.phase == SharePhase::Done && !share.to_retry().is_empty() {
                    out.push(Context::ShareFailed);
                }
            }
            out.push(Context::Always);
            return out;
        }
        match self.focus {
            Pane::Numbers => self.numbers_contexts(),
            Pane::Card => self.card_contexts(),
            Pane::Composer => self.composer_contexts(),
        }
    }

    /// The context of the open modal's keys.
    fn modal_context(&self, modal: &Modal) -> Context {
        use Context as C;
        match modal {
            Modal::Help => C::Help,
            Modal::Details(_) => C::Details,
            Modal::Confirm(Confirm::Quit) if self.card.is_dirty() => C::QuitConfirm,
            Modal::Confirm(_) => C::Confirm,
            Modal::Restore(_) => C::Restore,
            Modal::Picker(_) => C::Picker,
            Modal::Apply(apply) if apply.asking_stop => C::ApplyStop,
            Modal::Apply(apply) => match apply.phase {
                Phase::Planning | Phase::Planned => C::ApplyPlan,
                Phase::Applying | Phase::Stopping => C::ApplyRunning,
                Phase::Done => C::ApplyDone,
            },
            Modal::Share(share) if share.asking_stop => C::ShareStop,
            Modal::Share(share) => match share.phase {
                SharePhase::Listing | SharePhase::Planned => C::ShareReady,
                SharePhase::Staging | SharePhase::Stopping => C::ShareRunning,
                SharePhase::Done => C::ShareDone,
            },
        }
    }

    fn numbers_contexts(&self) -> Vec<Context> {
        use Context as C;
        if self.numbers.filtering {
            return vec![C::Filter, C::Always];
        }
        let listed = !self.numbers.visible().is_empty();
        let mut out = Vec::new();
        if !self.numbers.filter.is_empty() {
            out.push(C::KeptFilter);
        }
        if listed {
            out.push(C::NumberList);
        } else if self.numbers.awaiting_list() {
            out.push(C::ListLoading);
        }
        // `q` before the rest in the footer: at 80 columns the last hints are the ones cut. In
        // the list, ^S (which saves the card) matters least.
        out.extend([C::Numbers, C::Command]);
        if listed {
            out.push(C::Marks);
        }
        out.extend([C::ComposerAnywhere, C::Global, C::SaveCard, C::Always]);
        out
    }

    fn card_contexts(&self) -> Vec<Context> {
        use Context as C;
        let card = &self.card;
        if card.path_input.is_some() {
            return vec![C::PathInput, C::SaveCard, C::Always];
        }
        if card.editing {
            return vec![
                C::Editing,
                C::SaveCard,
                C::ComposerAnywhere,
                C::Global,
                C::Always,
            ];
        }
        let mut out = Vec::new();
        if card.editable() || card.baseline.is_some() {
            out.extend(match card.field {
                CardField::First | CardField::Last if card.can_edit_identity() => Some(C::CardName),
                CardField::First | CardField::Last => None,
                CardField::Sharing | CardField::Audience | CardField::NameFormat => {
                    Some(C::CardToggle)
                }
                CardField::SetPhoto | CardField::SaveAvatar => Some(C::CardButton),
            });
        }
        if !self.numbers.marked.is_empty() {
            out.push(C::CardMarked);
        }
        if card.photo_dirty() {
            out.push(C::PhotoChanged);
        }
        out.extend([
            C::Card,
            C::Command,
            C::SaveCard,
            C::ComposerAnywhere,
            C::Global,
            C::Always,
        ]);
        out
    }

    fn composer_contexts(&self) -> Vec<Context> {
        use Context as C;
        let composer = &self.composer;
        let mut out = match (composer.editing, composer.field) {
            (true, ComposerField::Message) => vec![C::EditMessage],
            (true, ComposerField::Attachment) => vec![C::EditAttachment, C::Editing],
            (true, _) => vec![C::Editing],
            (false, ComposerField::Share) => vec![C::ComposerToggle],
            (false, ComposerField::Send | ComposerField::StageOnly) => vec![C::ComposerButton],
            (false, _) => vec![C::ComposerText],
        };
        if !composer.attachments.is_empty() {
            out.push(C::Attachments);
        }
        // PgUp/PgDn scroll the conversation, while typing too.
        if self.history_scrollable() {
            out.push(C::History);
        }
        if !composer.editing {
            out.extend([C::Composer, C::Command]);
        }
        out.extend([C::SendMessage, C::ComposerAnywhere, C::Global, C::Always]);
        out
    }
}
