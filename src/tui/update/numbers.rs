//! The numbers pane: loading the list, moving the selection (debounced), the `/` filter, and
//! choosing a number, which loads its card.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::api::PhoneNumber;
use crate::tui::app::{App, Confirm, Modal, Pane};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId, WorkerCmd};
use crate::tui::state::Load;
use crate::tui::state::card::CardState;
use crate::tui::state::numbers::SETTLE;

use super::card::start_field;

impl App {
    pub(crate) fn refresh_numbers(&mut self) -> Vec<Cmd> {
        let id = self.numbers.request.start(&mut self.ids);
        self.numbers.load = Load::Loading;
        vec![Cmd::Worker(WorkerCmd::LoadNumbers { id })]
    }

    pub(crate) fn on_numbers(
        &mut self,
        id: ReqId,
        result: Result<Vec<PhoneNumber>, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.numbers.request.settle(id) {
            return Vec::new();
        }
        match result {
            Ok(items) => {
                self.numbers.items = items;
                self.numbers.keep_marks_listed();
                self.numbers.load = Load::Loaded;
                if self.numbers.selected.is_none()
                    && let Some(pref) = self.config.from_number.clone()
                    && self.numbers.find(&pref).is_some()
                {
                    self.numbers.selected = Some(pref);
                }
                self.numbers.clamp_selection();
                // Moves typed while it loaded start from where the selection lands.
                let mut moved = false;
                for delta in std::mem::take(&mut self.numbers.early_moves) {
                    moved |= self.numbers.step(delta);
                }
                match self.numbers.selected.clone() {
                    Some(n) if self.card.number.is_none() => return self.load_card(&n),
                    Some(_) if moved => return self.settle_selection(),
                    _ => {}
                }
            }
            // The list already loaded stays: the view draws the error beneath it. Moves typed
            // for a list that did not come are dropped.
            Err(e) => {
                self.numbers.load = Load::Failed(e);
                self.numbers.early_moves.clear();
            }
        }
        Vec::new()
    }

    /// The selection moved: its card loads once it rests (`SETTLE`).
    fn settle_selection(&mut self) -> Vec<Cmd> {
        let seq = self.numbers.settle.start(&mut self.ids);
        vec![Cmd::Worker(WorkerCmd::Debounce { seq, after: SETTLE })]
    }

    /// How far PgUp/PgDn/Home/End move the selection: a page is the list's rows less one, so
    /// the row the cursor was on stays in sight; the ends overshoot and `step` clamps.
    fn list_jump(&self, action: Action) -> isize {
        let page = layout::panes_for(self.size)
            .map_or(1, |p| layout::list_height(p.numbers, &self.numbers))
            .saturating_sub(1)
            .max(1) as isize;
        let all = self.numbers.visible().len() as isize;
        match action {
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::First => -all,
            _ => all,
        }
    }

    pub(crate) fn numbers_action(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::Up | Action::Down => {
                let delta = if action == Action::Up { -1 } else { 1 };
                if self.numbers.awaiting_list() {
                    self.numbers.early_moves.push(delta);
                } else if self.numbers.step(delta) {
                    return self.settle_selection();
                }
            }
            Action::PageUp | Action::PageDown | Action::First | Action::Last => {
                let delta = self.list_jump(action);
                if !self.numbers.awaiting_list() && self.numbers.step(delta) {
                    return self.settle_selection();
                }
            }
            Action::Activate => {
                if let Some(n) = self.numbers.selected.clone() {
                    return self.choose_number(&n);
                }
            }
            Action::Filter => self.numbers.filtering = true,
            Action::ToggleMark => {
                let now_marked = self.numbers.toggle_mark();
                if now_marked.is_none() {
                    self.note("No number selected to mark");
                }
            }
            Action::MarkAllShown => {
                let before = self.numbers.marked.len();
                let after = self.numbers.mark_all_shown();
                if after == 0 {
                    self.toast(format!("Cleared {before} mark{}", plural(before)), false);
                }
            }
            Action::Refresh => return self.refresh_numbers(),
            Action::KeepFilter => {
                self.numbers.filtering = false;
                // One match left: that is the number wanted.
                if let [only] = self.numbers.visible().as_slice() {
                    let n = only.number().to_owned();
                    self.numbers.selected = Some(n.clone());
                    return self.choose_number(&n);
                }
            }
            Action::ClearFilter => {
                self.numbers.filter.clear();
                self.numbers.filtering = false;
                // Back on the number whose card is shown, not wherever the filter left it.
                if let Some(open) = self.card.number.clone()
                    && self.numbers.find(&open).is_some()
                {
                    self.numbers.selected = Some(open);
                }
                self.numbers.clamp_selection();
            }
            _ => {}
        }
        Vec::new()
    }

    /// A key typed into the open filter line.
    pub(crate) fn filter_type(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Backspace => {
                self.numbers.filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.numbers.filter.push(c);
            }
            _ => return,
        }
        self.numbers.clamp_selection();
    }

    pub(crate) fn on_selection_settled(&mut self, seq: ReqId) -> Vec<Cmd> {
        if !self.numbers.settle.settle(seq) {
            return Vec::new();
        }
        match self.numbers.selected.clone() {
            // Not under the apply overlay: the card it applies stays on screen.
            Some(n)
                if self.card.number.as_deref() != Some(n.as_str())
                    && !self.has_unsaved()
                    && self.apply().is_none() =>
            {
                self.load_card(&n)
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn choose_number(&mut self, number: &str) -> Vec<Cmd> {
        if self.card.number.as_deref() == Some(number) && !self.card.load.is_loading() {
            self.set_focus(Pane::Card);
            return Vec::new();
        }
        if self.has_unsaved() {
            self.modal = Some(Modal::Confirm(Confirm::SwitchNumber(number.to_owned())));
            return Vec::new();
        }
        self.load_card(number)
    }

    pub(crate) fn load_card(&mut self, number: &str) -> Vec<Cmd> {
        let plan = self.numbers.find(number).map(|n| n.plan());
        let old = std::mem::replace(&mut self.card, CardState::for_number(number, plan));
        let id = self.card.reading.start(&mut self.ids);
        self.card.field = start_field(&old, &self.card);
        vec![Cmd::Worker(WorkerCmd::LoadCard {
            id,
            number: number.to_owned(),
        })]
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
