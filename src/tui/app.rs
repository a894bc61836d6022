//! `App`: all UI state and `update(Msg) -> Vec<Cmd>`, the only place state changes. Synchronous
//! and free of I/O, so tests drive it with keys and fake results and snapshot what it draws.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::api::{MessageStatus, PlanKind, new_idempotency_key};
use crate::sanitize::{clean, clean_multiline};
use crate::tui::draft::{CardDraft, ComposerDraft, DRAFT_DELAY, Draft};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::msg::{Cmd, ErrorInfo, Msg, ReqId};
use crate::tui::state::Load;
use crate::tui::state::card::{AvatarView, CardField, CardState, PathInput, PathPurpose};
use crate::tui::state::composer::{
    ChatPicker, ComposerField, ComposerState, MAX_POLLS, SentMessage, poll_delay,
};
use crate::tui::state::numbers::NumbersState;
use crate::tui::state::text::Field;

/// Moving the number selection loads its card only once the selection rests this long.
pub const SETTLE: Duration = Duration::from_millis(350);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Numbers,
    Card,
    Composer,
}

impl Pane {
    /// The keymap context of the pane's own keys.
    fn context(self) -> Context {
        match self {
            Self::Numbers => Context::Numbers,
            Self::Card => Context::Card,
            Self::Composer => Context::Composer,
        }
    }

    fn next(self) -> Self {
        match self {
            Self::Numbers => Self::Card,
            Self::Card => Self::Composer,
            Self::Composer => Self::Numbers,
        }
    }
    fn prev(self) -> Self {
        self.next().next()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Quit,
    SwitchNumber(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Details(String),
    /// A draft from an earlier run was found for the card just loaded.
    Restore(Box<Draft>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    pub from_number: Option<String>,
    pub mouse: bool,
    pub images_off: bool,
    /// Keep unsaved edits in draft files (the worker knows where) and offer them back.
    pub drafts: bool,
    /// NO_COLOR was set at start: frames are drawn without colour.
    pub no_color: bool,
}

/// What the app knows of the draft files; only used when `AppConfig::drafts` is on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftTrack {
    /// The draft last asked to be written (or `None` after a clear), to send only changes.
    pub last: Option<Draft>,
    /// The number whose stored draft was looked at (and answered): only its draft is written,
    /// so an unanswered offer is never overwritten.
    pub checked: Option<String>,
    /// The draft lookup in flight, and for which number.
    pub checking: Option<(ReqId, String)>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub numbers: NumbersState,
    pub card: CardState,
    pub composer: ComposerState,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub toast: Option<Toast>,
    /// "Now" for relative times; set by the loop, fixed in tests.
    pub now: DateTime<Utc>,
    pub spinner: usize,
    pub size: (u16, u16),
    pub quit: bool,
    pub config: AppConfig,
    pub drafts: DraftTrack,
    next_id: ReqId,
}

impl App {
    pub fn new(config: AppConfig, now: DateTime<Utc>) -> Self {
        Self {
            numbers: NumbersState::default(),
            card: CardState::default(),
            composer: ComposerState::new(),
            focus: Pane::Numbers,
            overlay: None,
            toast: None,
            now,
            spinner: 0,
            size: (0, 0),
            quit: false,
            config,
            drafts: DraftTrack::default(),
            next_id: 0,
        }
    }

    /// The commands to run at start: fetch the numbers.
    pub fn init(&mut self) -> Vec<Cmd> {
        self.refresh_numbers()
    }

    fn id(&mut self) -> ReqId {
        self.next_id += 1;
        self.next_id
    }

    /// Whether something on screen moves (a spinner): only then does the loop tick.
    pub fn animating(&self) -> bool {
        self.numbers.load.is_loading()
            || self.card.load.is_loading()
            || self.card.saving.is_some()
            || self.card.preparing.is_some()
            || matches!(self.card.avatar, AvatarView::Decoding(_))
            || self.composer.sending.is_some()
            || self.composer.staging.is_some()
            || self.composer.chats.is_loading()
            || self
                .composer
                .sent
                .as_ref()
                .is_some_and(|s| s.poll.is_some())
    }

    pub fn has_unsaved(&self) -> bool {
        self.card.is_dirty() || self.composer.has_unsent()
    }

    /// Whether keys are text for a field right now (then `q` and `?` type themselves).
    pub fn text_focused(&self) -> bool {
        if self.composer.picker.is_some() || self.numbers.filtering && self.focus == Pane::Numbers {
            return true;
        }
        match self.focus {
            Pane::Numbers => false,
            Pane::Card => {
                self.card.path_input.is_some()
                    || (self.card.field.is_text()
                        && self.card.editable()
                        && self.card.can_edit_identity())
            }
            Pane::Composer => self.composer.field.is_text(),
        }
    }

    /// Binding contexts in routing order, for the key router and the footer.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Help) => return vec![Context::Help],
            Some(Overlay::Confirm(_)) => return vec![Context::Confirm],
            Some(Overlay::Restore(_)) => return vec![Context::Restore],
            Some(Overlay::Details(_)) => return vec![Context::Help],
            None => {}
        }
        if self.composer.picker.is_some() {
            return vec![Context::Picker, Context::Global];
        }
        // A filter or path line takes every key but the global ones while it is open.
        match self.focus {
            Pane::Numbers if self.numbers.filtering => {
                return vec![Context::Filter, Context::Global];
            }
            Pane::Card if self.card.path_input.is_some() => {
                return vec![Context::PathInput, Context::Global];
            }
            _ => {}
        }
        // A text field takes every key the global ones leave: the pane's own keys (Space, p, x…)
        // are text there, so they are not offered.
        if self.text_focused() {
            return match self.focus {
                Pane::Card => vec![Context::Text, Context::NameField, Context::Global],
                _ => vec![Context::Text, Context::Global],
            };
        }
        vec![self.focus.context(), Context::Global, Context::Command]
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut cmds = self.handle(msg);
        self.keep_scroll();
        cmds.extend(self.draft_cmds());
        cmds
    }

    /// Remembers where the number list is scrolled to, so the next frame (and a click on it)
    /// sees the same rows.
    fn keep_scroll(&mut self) {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        if let Some(panes) = crate::tui::ui::layout::panes(area) {
            let height = crate::tui::ui::numbers::list_height(panes.numbers);
            self.numbers.offset = self.numbers.scrolled(height);
        }
    }

    fn handle(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            Msg::Key(_) | Msg::FocusGained => Vec::new(),
            Msg::Paste(text) => {
                self.on_paste(&text);
                Vec::new()
            }
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::Numbers { id, result } => self.on_numbers(id, result),
            Msg::Card { id, result } => self.on_card(id, result),
            Msg::AvatarDecoded { id, result } => {
                if self.card.avatar == AvatarView::Decoding(id) {
                    self.card.avatar = match result {
                        Ok(p) => AvatarView::Ready(p),
                        Err(e) => AvatarView::Failed(e),
                    };
                }
                Vec::new()
            }
            Msg::Saved { id, result } => self.on_saved(id, result),
            Msg::PhotoPrepared { id, result } => {
                if self.card.preparing == Some(id) {
                    self.card.preparing = None;
                    match result {
                        Ok(photo) => {
                            self.toast(
                                format!("New photo ready ({}); Ctrl-S sends it", photo.report),
                                false,
                            );
                            self.card.new_photo = Some(photo);
                        }
                        Err(e) => self.toast(e, true),
                    }
                }
                Vec::new()
            }
            Msg::AvatarWritten { result } => {
                match result {
                    Ok(path) => self.toast(format!("Avatar saved to {}", path.display()), false),
                    Err(e) => self.toast(e, true),
                }
                Vec::new()
            }
            Msg::Chats { id, result } => {
                if self.composer.chats.awaits(id) {
                    match result {
                        Ok(chats) => {
                            self.composer.chat_list = chats;
                            self.composer.chats = Load::Loaded;
                        }
                        Err(e) => self.composer.chats = Load::Failed(e),
                    }
                }
                Vec::new()
            }
            Msg::Staged { id, result } => {
                if self.composer.staging == Some(id) {
                    self.composer.staging = None;
                    match result {
                        Ok(_) => {
                            let chat = self.composer.chat.text();
                            self.composer.error = None;
                            self.composer.notice = Some(format!(
                                "Card staged for {chat}: it rides on the next message."
                            ));
                        }
                        Err(e) => {
                            self.toast(e.sentence.clone(), true);
                            self.composer.error = Some(e);
                        }
                    }
                }
                Vec::new()
            }
            Msg::Sent { id, result } => self.on_sent(id, result),
            Msg::Status { id, result } => self.on_status(id, result),
            Msg::Completions { id, typed, result } => {
                self.on_completions(id, &typed, result);
                Vec::new()
            }
            Msg::Draft { id, draft } => self.on_draft(id, draft),
            Msg::SelectionSettled { seq } => {
                if seq != self.numbers.settle_seq {
                    return Vec::new();
                }
                match self.numbers.selected.clone() {
                    Some(n)
                        if self.card.number.as_deref() != Some(n.as_str())
                            && !self.has_unsaved() =>
                    {
                        self.load_card(&n)
                    }
                    _ => Vec::new(),
                }
            }
        }
    }

    fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.toast = Some(Toast {
            text: text.into(),
            error,
        });
    }

    // ----- keys -----

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        self.toast = None;
        match self.overlay.clone() {
            Some(Overlay::Help) | Some(Overlay::Details(_)) => {
                if keymap::lookup(Context::Global, &key) == Some(Action::ForceQuit) {
                    self.overlay = None;
                    return self.global(Action::ForceQuit);
                }
                if keymap::lookup(Context::Help, &key).is_some() {
                    self.overlay = None;
                }
                return Vec::new();
            }
            Some(Overlay::Restore(draft)) => return self.restore_key(key, *draft),
            Some(Overlay::Confirm(confirm)) => {
                return match keymap::lookup(Context::Confirm, &key)
                    .or_else(|| keymap::lookup(Context::Global, &key))
                {
                    Some(Action::Yes) => {
                        self.overlay = None;
                        self.confirmed(confirm)
                    }
                    Some(Action::ForceQuit) => {
                        self.quit = true;
                        vec![Cmd::Quit]
                    }
                    Some(Action::No) => {
                        self.overlay = None;
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
            }
            None => {}
        }
        if self.composer.picker.is_some() {
            return self.picker_key(key);
        }
        if self.focus == Pane::Card && self.card.path_input.is_some() {
            return self.path_key(key);
        }
        if self.focus == Pane::Numbers && self.numbers.filtering {
            return self.filter_key(key);
        }
        if let Some(action) = keymap::lookup(Context::Global, &key) {
            return self.global(action);
        }
        if self.text_focused() {
            return self.text_key(key);
        }
        if let Some(action) = keymap::lookup(self.focus.context(), &key) {
            return match self.focus {
                Pane::Numbers => self.numbers_action(action),
                Pane::Card => self.card_action(action),
                Pane::Composer => self.composer_action(action),
            };
        }
        match keymap::lookup(Context::Command, &key) {
            Some(action) => self.global(action),
            None => Vec::new(),
        }
    }

    fn global(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::NextPane => self.set_focus(self.focus.next()),
            Action::PrevPane => self.set_focus(self.focus.prev()),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit | Action::ForceQuit => {
                if self.has_unsaved() {
                    self.overlay = Some(Overlay::Confirm(Confirm::Quit));
                } else {
                    self.quit = true;
                    return vec![Cmd::Quit];
                }
            }
            Action::Suspend => return vec![Cmd::Suspend],
            Action::Save => {
                return match self.focus {
                    Pane::Composer => self.send(),
                    _ => self.save_card(),
                };
            }
            Action::ChatPicker => return self.open_picker(),
            Action::StageShare => return self.stage(),
            _ => {}
        }
        Vec::new()
    }

    fn set_focus(&mut self, pane: Pane) {
        self.focus = pane;
        if pane == Pane::Card && !self.card.can_edit_identity() && self.card.field.is_text() {
            self.card.field = CardField::Sharing;
        }
    }

    fn confirmed(&mut self, confirm: Confirm) -> Vec<Cmd> {
        match confirm {
            Confirm::Quit => {
                self.quit = true;
                // The operator chose to lose the edits: the draft goes with them.
                let mut cmds: Vec<Cmd> = self
                    .drafts
                    .last
                    .take()
                    .map(|d| Cmd::ClearDraft { number: d.number })
                    .into_iter()
                    .collect();
                cmds.push(Cmd::Quit);
                cmds
            }
            Confirm::SwitchNumber(n) => {
                self.card = CardState::default();
                self.load_card(&n)
            }
        }
    }

    fn text_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match self.focus {
            Pane::Card => {
                if keymap::lookup(Context::NameField, &key) == Some(Action::Revert) {
                    return self.card_action(Action::Revert);
                }
                if let Some(action @ (Action::Up | Action::Down)) =
                    keymap::lookup(Context::Text, &key)
                {
                    return self.card_action(action);
                }
                if key.code == KeyCode::Enter {
                    self.card.move_field(1);
                    return Vec::new();
                }
                let field = if self.card.field == CardField::First {
                    &mut self.card.first
                } else {
                    &mut self.card.last
                };
                field.input(key);
            }
            Pane::Composer => {
                let c = &mut self.composer;
                let up_down = keymap::lookup(Context::Text, &key);
                match c.field {
                    ComposerField::Message => {
                        let last = c.message.line_count().saturating_sub(1);
                        match up_down {
                            Some(Action::Up) if c.message.cursor_row() == 0 => c.move_field(-1),
                            Some(Action::Down) if c.message.cursor_row() >= last => c.move_field(1),
                            _ => {
                                c.message.input(key);
                                c.notice = None;
                            }
                        }
                    }
                    ComposerField::Chat | ComposerField::Attachment => match (up_down, key.code) {
                        (Some(Action::Up), _) => c.move_field(-1),
                        (Some(Action::Down), _) => c.move_field(1),
                        (_, KeyCode::Enter) if c.field == ComposerField::Chat => c.move_field(1),
                        (_, KeyCode::Enter) => {
                            if let Err(e) = c.add_attachment() {
                                self.toast(e, true);
                            }
                        }
                        (_, KeyCode::Delete)
                            if c.field == ComposerField::Attachment && c.attachment.is_empty() =>
                        {
                            c.remove_attachment();
                        }
                        _ => {
                            let field = if c.field == ComposerField::Chat {
                                &mut c.chat
                            } else {
                                &mut c.attachment
                            };
                            field.input(key);
                            c.notice = None;
                        }
                    },
                    _ => {}
                }
            }
            Pane::Numbers => {}
        }
        Vec::new()
    }

    fn on_paste(&mut self, text: &str) {
        if let Some(p) = self.composer.picker.as_mut() {
            p.filter.push_str(&clean(text));
            p.selected = 0;
            return;
        }
        match self.focus {
            Pane::Numbers => {
                self.numbers.filtering = true;
                self.numbers.filter.push_str(&clean(text));
                self.numbers.clamp_selection();
            }
            Pane::Card => {
                if let Some(input) = self.card.path_input.as_mut() {
                    input.field.paste(text);
                } else if self.text_focused() {
                    match self.card.field {
                        CardField::First => self.card.first.paste(text),
                        CardField::Last => self.card.last.paste(text),
                        _ => {}
                    }
                }
            }
            Pane::Composer => match self.composer.field {
                ComposerField::Chat => self.composer.chat.paste(text),
                ComposerField::Message => self.composer.message.paste(text),
                ComposerField::Attachment => self.composer.attachment.paste(text),
                _ => {}
            },
        }
    }

    // ----- numbers -----

    fn refresh_numbers(&mut self) -> Vec<Cmd> {
        let id = self.id();
        self.numbers.load = Load::Loading(id);
        vec![Cmd::LoadNumbers { id }]
    }

    fn on_numbers(
        &mut self,
        id: ReqId,
        result: Result<Vec<crate::api::PhoneNumber>, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.numbers.load.awaits(id) {
            return Vec::new();
        }
        match result {
            Ok(items) => {
                self.numbers.items = items;
                self.numbers.load = Load::Loaded;
                if self.numbers.selected.is_none()
                    && let Some(pref) = self.config.from_number.clone()
                    && self.numbers.find(&pref).is_some()
                {
                    self.numbers.selected = Some(pref);
                }
                self.numbers.clamp_selection();
                if self.card.number.is_none()
                    && let Some(n) = self.numbers.selected.clone()
                {
                    return self.load_card(&n);
                }
            }
            // The list already loaded stays: the view draws the error beneath it.
            Err(e) => self.numbers.load = Load::Failed(e),
        }
        Vec::new()
    }

    fn numbers_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::Up | Action::Down => {
                let delta = if action == Action::Up { -1 } else { 1 };
                if self.numbers.step(delta) {
                    self.numbers.settle_seq += 1;
                    return vec![Cmd::Debounce {
                        seq: self.numbers.settle_seq,
                        after: SETTLE,
                    }];
                }
            }
            Action::Activate => {
                if let Some(n) = self.numbers.selected.clone() {
                    return self.choose_number(&n);
                }
            }
            Action::Filter => self.numbers.filtering = true,
            Action::Refresh => return self.refresh_numbers(),
            _ => {}
        }
        Vec::new()
    }

    fn filter_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match keymap::lookup(Context::Filter, &key) {
            Some(Action::Activate) => self.numbers.filtering = false,
            Some(Action::ClearFilter) => {
                self.numbers.filter.clear();
                self.numbers.filtering = false;
                self.numbers.clamp_selection();
            }
            _ => match key.code {
                KeyCode::Backspace => {
                    self.numbers.filter.pop();
                    self.numbers.clamp_selection();
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
                {
                    self.numbers.filter.push(c);
                    self.numbers.clamp_selection();
                }
                _ => {
                    if let Some(action) = keymap::lookup(Context::Global, &key) {
                        return self.global(action);
                    }
                }
            },
        }
        Vec::new()
    }

    fn choose_number(&mut self, number: &str) -> Vec<Cmd> {
        if self.card.number.as_deref() == Some(number) && !self.card.load.is_loading() {
            self.set_focus(Pane::Card);
            return Vec::new();
        }
        if self.has_unsaved() {
            self.overlay = Some(Overlay::Confirm(Confirm::SwitchNumber(number.to_owned())));
            return Vec::new();
        }
        self.load_card(number)
    }

    fn load_card(&mut self, number: &str) -> Vec<Cmd> {
        let id = self.id();
        let plan = self.numbers.find(number).map(|n| n.plan());
        let field = self.card.field;
        self.card = CardState::for_number(number, plan, id);
        self.card.field = field;
        if !self.card.can_edit_identity() && self.card.field.is_text() {
            self.card.field = CardField::Sharing;
        }
        vec![Cmd::LoadCard {
            id,
            number: number.to_owned(),
        }]
    }

    // ----- card -----

    fn on_card(
        &mut self,
        id: ReqId,
        result: Result<crate::api::ContactCard, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.card.load.awaits(id) {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        match result {
            Ok(card) => {
                self.card.apply_loaded(&card);
                match self.card.avatar_base64.clone() {
                    Some(base64) => {
                        let id = self.id();
                        self.card.avatar = AvatarView::Decoding(id);
                        cmds.push(Cmd::DecodeAvatar { id, base64 });
                    }
                    None => self.card.avatar = AvatarView::None,
                }
            }
            Err(e) => self.card.load = Load::Failed(e),
        }
        // A draft is restored on top of what was read, so look for one only now. Re-reads of the
        // same card (after a save, `r`) do not ask again.
        if let Some(number) = self.card.number.clone()
            && self.config.drafts
            && self.drafts.checked.as_deref() != Some(number.as_str())
        {
            let id = self.id();
            self.drafts.checking = Some((id, number.clone()));
            cmds.push(Cmd::LoadDraft { id, number });
        }
        cmds
    }

    // ----- drafts -----

    /// What is unsaved right now, as a draft of the open card's number (`None`: nothing is).
    pub fn current_draft(&self) -> Option<Draft> {
        let number = self.card.number.clone()?;
        let c = &self.card;
        let card = CardDraft {
            first: c.first_dirty().then(|| c.first.text()),
            last: c.last_dirty().then(|| c.last.text()),
            sharing: c.sharing.filter(|_| c.sharing_dirty()),
            audience: c
                .audience
                .filter(|_| c.audience_dirty())
                .map(crate::api::Audience::to_wire),
            name_format: c
                .name_format
                .filter(|_| c.name_format_dirty())
                .map(crate::api::NameFormat::to_wire),
            photo: c.new_photo.as_ref().map(|p| p.source.clone()),
        };
        let m = &self.composer;
        let composer = m.has_unsent().then(|| ComposerDraft {
            chat: m.chat.text(),
            message: m.message.text(),
            attachment: m.attachment.text(),
            attachments: m.attachments.clone(),
            share: m.share,
        });
        let draft = Draft {
            number,
            saved_at_ms: self.now.timestamp_millis(),
            card,
            composer,
        };
        (!draft.is_empty()).then_some(draft)
    }

    /// After every update: the draft commands that bring the file in line with the screen.
    fn draft_cmds(&mut self) -> Vec<Cmd> {
        if !self.config.drafts || self.quit {
            return Vec::new();
        }
        let current = self.current_draft();
        // Until the stored draft of this number has been offered, writing would overwrite it.
        if let Some(d) = &current
            && self.drafts.checked.as_deref() != Some(d.number.as_str())
        {
            return Vec::new();
        }
        let same = |a: &Draft, b: &Draft| {
            a.number == b.number && a.card == b.card && a.composer == b.composer
        };
        match (&self.drafts.last, &current) {
            (None, None) => return Vec::new(),
            (Some(a), Some(b)) if same(a, b) => return Vec::new(),
            _ => {}
        }
        let mut cmds = Vec::new();
        if let Some(old) = &self.drafts.last
            && current.as_ref().map(|d| &d.number) != Some(&old.number)
        {
            cmds.push(Cmd::ClearDraft {
                number: old.number.clone(),
            });
        }
        if let Some(draft) = current.clone() {
            cmds.push(Cmd::SaveDraft {
                draft,
                after: DRAFT_DELAY,
            });
        }
        self.drafts.last = current;
        cmds
    }

    fn on_draft(&mut self, id: ReqId, draft: Option<Draft>) -> Vec<Cmd> {
        let Some((awaited, number)) = self.drafts.checking.clone() else {
            return Vec::new();
        };
        if awaited != id {
            return Vec::new();
        }
        self.drafts.checking = None;
        if self.card.number.as_deref() != Some(number.as_str()) {
            return Vec::new();
        }
        match draft.filter(|d| d.number == number && !d.is_empty()) {
            None => self.drafts.checked = Some(number),
            Some(d) => match self.overlay {
                // Another question is open: leave the draft on disk, unanswered and unwritten,
                // for the next start (this number's edits are not drafted meanwhile).
                Some(Overlay::Confirm(_)) | Some(Overlay::Restore(_)) => {}
                _ => self.overlay = Some(Overlay::Restore(Box::new(d))),
            },
        }
        Vec::new()
    }

    fn restore_key(&mut self, key: KeyEvent, draft: Draft) -> Vec<Cmd> {
        let action = keymap::lookup(Context::Restore, &key)
            .or_else(|| keymap::lookup(Context::Global, &key));
        match action {
            Some(Action::Yes) => {
                self.overlay = None;
                self.drafts.checked = Some(draft.number.clone());
                self.restore(draft)
            }
            Some(Action::No) => {
                self.overlay = None;
                self.drafts.checked = Some(draft.number.clone());
                self.toast(
                    "Draft kept on disk until you change something on this card",
                    false,
                );
                Vec::new()
            }
            Some(Action::Discard) => {
                self.overlay = None;
                self.drafts.checked = Some(draft.number.clone());
                self.toast("Draft discarded", false);
                vec![Cmd::ClearDraft {
                    number: draft.number,
                }]
            }
            Some(Action::ForceQuit) => {
                self.quit = true;
                vec![Cmd::Quit]
            }
            _ => Vec::new(),
        }
    }

    /// Puts the draft's values over the card as loaded: they show as unsaved edits.
    fn restore(&mut self, draft: Draft) -> Vec<Cmd> {
        let c = &mut self.card;
        let d = &draft.card;
        if let Some(first) = &d.first {
            c.first.set(&clean(first));
        }
        if let Some(last) = &d.last {
            c.last.set(&clean(last));
        }
        if let Some(sharing) = d.sharing {
            c.sharing = Some(sharing);
        }
        if let Some(a) = d.audience.and_then(crate::api::Audience::from_wire) {
            c.audience = Some(a);
        }
        if let Some(f) = d.name_format.and_then(crate::api::NameFormat::from_wire) {
            c.name_format = Some(f);
        }
        // Typed since the card loaded wins over the draft's composer.
        if let Some(m) = &draft.composer
            && !self.composer.has_unsent()
        {
            let composer = &mut self.composer;
            composer.chat.set(&clean(&m.chat));
            composer.message.set(&clean_multiline(&m.message));
            composer.attachment.set(&clean(&m.attachment));
            composer.attachments = m
                .attachments
                .iter()
                .map(|a| clean(a).into_owned())
                .collect();
            composer.share = m.share;
        }
        let when = draft
            .saved_at()
            .map(|t| crate::time_ago::time_ago(t, self.now))
            .unwrap_or_else(|| "earlier".into());
        self.toast(format!("Restored the edits saved {when}"), false);
        match d.photo.clone() {
            Some(path) if self.card.can_edit_identity() => {
                let id = self.id();
                self.card.preparing = Some(id);
                vec![Cmd::PreparePhoto { id, path }]
            }
            _ => Vec::new(),
        }
    }

    fn card_action(&mut self, action: Action) -> Vec<Cmd> {
        let card = &mut self.card;
        match action {
            Action::Up => card.move_field(-1),
            Action::Down => card.move_field(1),
            Action::Toggle if card.editable() || card.baseline.is_some() => match card.field {
                CardField::Sharing => card.sharing = Some(!card.sharing.unwrap_or(false)),
                CardField::Audience => {
                    card.audience = Some(match card.audience.unwrap_or_default() {
                        crate::api::Audience::ContactsOnly => crate::api::Audience::AlwaysAsk,
                        crate::api::Audience::AlwaysAsk => crate::api::Audience::ContactsOnly,
                    })
                }
                CardField::NameFormat => {
                    card.name_format = Some(match card.name_format.unwrap_or_default() {
                        crate::api::NameFormat::FirstAndLast => crate::api::NameFormat::FirstOnly,
                        crate::api::NameFormat::FirstOnly => crate::api::NameFormat::FirstAndLast,
                    })
                }
                CardField::SetPhoto => return self.card_action(Action::SetPhoto),
                CardField::SaveAvatar => return self.card_action(Action::SaveAvatar),
                CardField::First | CardField::Last => {
                    if let Some(reason) = card.gate_reason() {
                        self.toast(reason, true);
                    }
                }
            },
            Action::Revert if card.is_dirty() => {
                card.revert();
                self.toast("Edits reverted to the card as loaded", false);
            }
            Action::SetPhoto => {
                if card.number.is_none() {
                    return Vec::new();
                }
                if let Some(reason) = card.gate_reason() {
                    self.toast(reason, true);
                } else {
                    card.field = CardField::SetPhoto;
                    card.path_input = Some(new_path_input(PathPurpose::SetPhoto, ""));
                }
            }
            Action::SaveAvatar => {
                if card.avatar_base64.is_none() && card.new_photo.is_none() {
                    self.toast("This card has no avatar to save", true);
                } else {
                    card.field = CardField::SaveAvatar;
                    let number = card
                        .number
                        .as_deref()
                        .unwrap_or("avatar")
                        .trim_start_matches('+');
                    let safe: String = number
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    let suggestion = format!("~/avatar-{safe}.jpg");
                    card.path_input = Some(new_path_input(PathPurpose::SaveAvatar, &suggestion));
                }
            }
            Action::Refresh => {
                if card.is_dirty() {
                    self.toast(
                        "Revert (Esc) or save (Ctrl-S) your edits before re-reading the card",
                        true,
                    );
                } else if let Some(n) = card.number.clone() {
                    let id = self.id();
                    self.card.load = Load::Loading(id);
                    return vec![Cmd::LoadCard { id, number: n }];
                }
            }
            Action::Details => {
                let details = match (&card.save_error, &card.load) {
                    (Some(e), _) | (None, Load::Failed(e)) => Some(details_text(e)),
                    _ => None,
                };
                if let Some(d) = details {
                    self.overlay = Some(Overlay::Details(d));
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn path_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(input) = self.card.path_input.as_mut() else {
            return Vec::new();
        };
        match keymap::lookup(Context::PathInput, &key) {
            Some(Action::CloseOverlay) => self.card.path_input = None,
            Some(Action::Complete) => {
                let typed = input.field.text();
                self.next_id += 1;
                let id = self.next_id;
                if let Some(input) = self.card.path_input.as_mut() {
                    input.completing = Some(id);
                }
                return vec![Cmd::CompletePath { id, typed }];
            }
            Some(Action::Activate) => {
                let raw = input.field.text();
                let raw = raw.trim();
                if raw.is_empty() {
                    input.error = Some("type a file path".into());
                    return Vec::new();
                }
                let path = expand_tilde(raw, dirs::home_dir());
                let purpose = input.purpose;
                self.card.path_input = None;
                return match purpose {
                    PathPurpose::SetPhoto => {
                        let id = self.id();
                        self.card.preparing = Some(id);
                        vec![Cmd::PreparePhoto { id, path }]
                    }
                    PathPurpose::SaveAvatar => {
                        let base64 = self
                            .card
                            .new_photo
                            .as_ref()
                            .map(|p| p.base64.clone())
                            .or_else(|| self.card.avatar_base64.clone());
                        base64
                            .map(|base64| vec![Cmd::WriteAvatar { base64, path }])
                            .unwrap_or_default()
                    }
                };
            }
            _ => {
                if let Some(action) = keymap::lookup(Context::Global, &key)
                    && action != Action::NextPane
                    && action != Action::PrevPane
                {
                    return self.global(action);
                }
                input.field.input(key);
                input.error = None;
                input.candidates.clear();
            }
        }
        Vec::new()
    }

    /// One match completes the field; several complete their common prefix and are listed.
    fn on_completions(&mut self, id: ReqId, typed: &str, result: Result<Vec<String>, String>) {
        let Some(input) = self.card.path_input.as_mut() else {
            return;
        };
        if input.completing != Some(id) {
            return;
        }
        input.completing = None;
        if input.field.text() != typed {
            // Typed on meanwhile: the answer is for a path no longer there.
            return;
        }
        match result {
            Err(e) => input.error = Some(e),
            Ok(matches) if matches.is_empty() => {
                input.error = Some("no file or folder starts with that".into());
                input.candidates.clear();
            }
            Ok(matches) => {
                let common = common_prefix(&matches);
                if common.len() > typed.len() {
                    input.field.set(&common);
                }
                input.candidates = if matches.len() > 1 {
                    matches
                } else {
                    Vec::new()
                };
                input.error = None;
            }
        }
    }

    fn save_card(&mut self) -> Vec<Cmd> {
        let Some(number) = self.card.number.clone() else {
            self.toast("Pick a number first", true);
            return Vec::new();
        };
        if self.card.saving.is_some() {
            self.toast("Already saving…", false);
            return Vec::new();
        }
        if !self.card.is_dirty() {
            self.toast("Nothing to save: no field changed", false);
            return Vec::new();
        }
        let update = self.card.update();
        let id = self.id();
        self.card.saving = Some(id);
        self.card.save_error = None;
        vec![Cmd::SaveCard { id, number, update }]
    }

    fn on_saved(
        &mut self,
        id: ReqId,
        result: Result<crate::api::CardUpdateResponse, ErrorInfo>,
    ) -> Vec<Cmd> {
        if self.card.saving != Some(id) {
            return Vec::new();
        }
        self.card.saving = None;
        match result {
            Ok(resp) => {
                self.card
                    .commit_saved(resp.first_name.as_deref(), resp.last_name.as_deref());
                let number = self.card.number.clone().unwrap_or_default();
                self.toast(format!("Saved the card of {}", clean(&number)), false);
                // The PUT answers with names only: read the card to show avatar and sharing as stored.
                let id = self.id();
                self.card.load = Load::Loading(id);
                vec![Cmd::LoadCard { id, number }]
            }
            Err(e) => {
                let e = self.explain_save_error(e);
                self.toast(format!("Save failed: {}", e.sentence), true);
                self.card.save_error = Some(e);
                Vec::new()
            }
        }
    }

    fn explain_save_error(&self, mut e: ErrorInfo) -> ErrorInfo {
        if e.status == Some(403) {
            let plan = self.card.plan.clone().unwrap_or(PlanKind::Dedicated);
            let hint = if plan.can_set_name_and_photo() {
                "Setting the name or photo needs a Dedicated plan, and this key must have access to the number.".to_owned()
            } else {
                format!(
                    "Setting the name or photo needs a Dedicated plan; this number is on the {} plan.",
                    clean(plan.label())
                )
            };
            e.sentence = format!("{} {hint}", e.sentence);
        }
        e
    }

    // ----- composer -----

    fn composer_action(&mut self, action: Action) -> Vec<Cmd> {
        let c = &mut self.composer;
        match action {
            Action::Up => c.move_field(-1),
            Action::Down => c.move_field(1),
            Action::Toggle => match c.field {
                ComposerField::Share => c.share = !c.share,
                ComposerField::Send => return self.send(),
                ComposerField::StageOnly => return self.stage(),
                _ => {}
            },
            Action::RemoveAttachment => {
                c.remove_attachment();
            }
            Action::Details => {
                if let Some(e) = &c.error {
                    self.overlay = Some(Overlay::Details(details_text(e)));
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn sending_number(&self) -> Option<String> {
        self.card
            .number
            .clone()
            .or_else(|| self.numbers.selected.clone())
    }

    fn send(&mut self) -> Vec<Cmd> {
        if self.composer.sending.is_some() {
            self.toast("Already sending…", false);
            return Vec::new();
        }
        let from = self.sending_number();
        match self.composer.body(from.as_deref()) {
            Err(problem) => {
                self.toast(format!("Not sent: {problem}"), true);
                Vec::new()
            }
            Ok((chat, body)) => {
                let key = match &self.composer.pending_key {
                    Some((key, c, b)) if *c == chat && *b == body => key.clone(),
                    _ => new_idempotency_key(),
                };
                self.composer.pending_key = Some((key.clone(), chat.clone(), body.clone()));
                let id = self.id();
                self.composer.sending = Some(id);
                self.composer.error = None;
                self.composer.notice = None;
                vec![Cmd::Send {
                    id,
                    chat,
                    body,
                    idempotency_key: key,
                }]
            }
        }
    }

    fn on_sent(
        &mut self,
        id: ReqId,
        result: Result<crate::api::SendResponse, ErrorInfo>,
    ) -> Vec<Cmd> {
        if self.composer.sending != Some(id) {
            return Vec::new();
        }
        self.composer.sending = None;
        let chat = self
            .composer
            .pending_key
            .as_ref()
            .map(|(_, c, _)| c.clone())
            .unwrap_or_default();
        match result {
            Ok(resp) => {
                self.composer.pending_key = None;
                self.composer.message.set("");
                self.composer.attachments.clear();
                self.composer.share = false;
                let message_id = resp.ids().into_iter().next();
                let status = resp.status.clone().unwrap_or_else(|| "queued".into());
                let mut sent = SentMessage {
                    chat: chat.clone(),
                    message_id: message_id.clone(),
                    status: status.clone(),
                    polls: 0,
                    poll: None,
                    error: None,
                };
                let done = MessageStatus {
                    status: Some(status),
                    ..Default::default()
                }
                .is_final();
                let mut cmds = Vec::new();
                if let (Some(message_id), false) = (message_id, done) {
                    let id = self.id();
                    sent.poll = Some(id);
                    cmds.push(Cmd::PollStatus {
                        id,
                        chat,
                        message_id,
                        after: poll_delay(0),
                    });
                }
                self.composer.sent = Some(sent);
                cmds
            }
            Err(e) => {
                // A send that may have arrived (no answer, an unreadable one, a server error) must
                // be retried under its key. One the server refused is a new send next time.
                if !e.may_have_arrived() {
                    self.composer.pending_key = None;
                }
                self.toast(format!("Not sent: {}", e.sentence), true);
                self.composer.error = Some(e);
                Vec::new()
            }
        }
    }

    fn on_status(&mut self, id: ReqId, result: Result<MessageStatus, ErrorInfo>) -> Vec<Cmd> {
        let Some(sent) = self.composer.sent.as_mut() else {
            return Vec::new();
        };
        if sent.poll != Some(id) {
            return Vec::new();
        }
        sent.poll = None;
        sent.polls += 1;
        match result {
            Ok(st) => {
                if let Some(s) = st.status.as_deref() {
                    sent.status = clean(s).into_owned();
                }
                sent.error = st.error.as_deref().map(|e| clean(e).into_owned());
                if !st.is_final()
                    && sent.polls < MAX_POLLS
                    && let Some(message_id) = sent.message_id.clone()
                {
                    let chat = sent.chat.clone();
                    let after = poll_delay(sent.polls);
                    let id = self.id();
                    if let Some(sent) = self.composer.sent.as_mut() {
                        sent.poll = Some(id);
                    }
                    return vec![Cmd::PollStatus {
                        id,
                        chat,
                        message_id,
                        after,
                    }];
                }
            }
            Err(e) => sent.error = Some(format!("status unknown: {}", e.sentence)),
        }
        Vec::new()
    }

    fn stage(&mut self) -> Vec<Cmd> {
        let chat = self.composer.chat.text().trim().to_owned();
        if let Err(problem) = crate::tui::state::composer::validate_chat(&chat) {
            self.toast(format!("Not staged: {problem}"), true);
            return Vec::new();
        }
        let id = self.id();
        self.composer.staging = Some(id);
        self.composer.error = None;
        vec![Cmd::StageShare { id, chat }]
    }

    fn open_picker(&mut self) -> Vec<Cmd> {
        self.focus = Pane::Composer;
        self.composer.field = ComposerField::Chat;
        self.composer.picker = Some(ChatPicker::default());
        if matches!(self.composer.chats, Load::Idle | Load::Failed(_)) {
            let id = self.id();
            self.composer.chats = Load::Loading(id);
            return vec![Cmd::LoadChats { id }];
        }
        Vec::new()
    }

    fn picker_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let rows = self.composer.picker_rows().len();
        let chosen = self
            .composer
            .picker_rows()
            .get(self.composer.picker.as_ref().map_or(0, |p| p.selected))
            .and_then(|c| c.id.clone());
        let Some(picker) = self.composer.picker.as_mut() else {
            return Vec::new();
        };
        match keymap::lookup(Context::Picker, &key) {
            Some(Action::Up) => picker.selected = picker.selected.saturating_sub(1),
            Some(Action::Down) => {
                picker.selected = (picker.selected + 1).min(rows.saturating_sub(1))
            }
            Some(Action::CloseOverlay) => self.composer.picker = None,
            Some(Action::Activate) => {
                if let Some(id) = chosen {
                    self.composer.chat.set(&clean(&id));
                    self.composer.field = ComposerField::Message;
                    self.composer.picker = None;
                }
            }
            _ => match key.code {
                KeyCode::Backspace => {
                    picker.filter.pop();
                    picker.selected = 0;
                }
                KeyCode::Char(c)
                    if !key
                        .modifiers
                        .contains(crossterm::event::KeyModifiers::CONTROL) =>
                {
                    picker.filter.push(c);
                    picker.selected = 0;
                }
                _ => {
                    if let Some(Action::ForceQuit) = keymap::lookup(Context::Global, &key) {
                        return self.global(Action::ForceQuit);
                    }
                }
            },
        }
        Vec::new()
    }

    // ----- mouse -----

    fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Cmd> {
        if !self.config.mouse || self.overlay.is_some() {
            return Vec::new();
        }
        if !matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
            return Vec::new();
        }
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let Some(panes) = crate::tui::ui::layout::panes(area) else {
            return Vec::new();
        };
        let at = Position::new(mouse.column, mouse.row);
        if panes.numbers.contains(at) {
            self.focus = Pane::Numbers;
            // The view scrolls a long list: ask it which row is drawn there.
            if let Some(n) = crate::tui::ui::numbers::row_at(self, panes.numbers, at.x, at.y)
                .and_then(|row| {
                    self.numbers
                        .visible()
                        .get(row)
                        .map(|n| n.number().to_owned())
                })
            {
                self.numbers.selected = Some(n.clone());
                return self.choose_number(&n);
            }
        } else if panes.card.contains(at) {
            self.set_focus(Pane::Card);
            let row = at.y.saturating_sub(panes.card.y + 1);
            if let Some(field) = crate::tui::ui::card::field_at_row(&self.card, row) {
                self.card.field = field;
                if !field.is_text() {
                    return self.card_action(Action::Toggle);
                }
            }
        } else if panes.composer.contains(at) {
            self.focus = Pane::Composer;
        }
        Vec::new()
    }
}

fn new_path_input(purpose: PathPurpose, text: &str) -> PathInput {
    PathInput {
        purpose,
        field: Field::single(text),
        error: None,
        candidates: Vec::new(),
        completing: None,
    }
}

fn details_text(e: &ErrorInfo) -> String {
    format!(
        "{}\n\nHTTP status: {}\nError code:  {}",
        e.sentence,
        e.status
            .map_or_else(|| "none (no answer)".to_owned(), |s| s.to_string()),
        e.code
            .as_deref()
            .map_or_else(|| "none".to_owned(), |c| clean(c).into_owned()),
    )
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut end = first.len();
    for item in &items[1..] {
        end = first
            .char_indices()
            .zip(item.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

/// `~` and `~/…` become the home directory, as a shell would.
pub fn expand_tilde(raw: &str, home: Option<PathBuf>) -> PathBuf {
    match (raw, home) {
        ("~", Some(home)) => home,
        (r, Some(home)) if r.starts_with("~/") => home.join(&r[2..]),
        (r, _) => PathBuf::from(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_to_home() {
        let home = Some(PathBuf::from("/home/op"));
        assert_eq!(
            expand_tilde("~/a.jpg", home.clone()),
            PathBuf::from("/home/op/a.jpg")
        );
        assert_eq!(expand_tilde("~", home.clone()), PathBuf::from("/home/op"));
        assert_eq!(expand_tilde("/x/~y", home), PathBuf::from("/x/~y"));
    }
}
