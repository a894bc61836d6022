//! `--mouse`: a left click focuses the pane under it, picks the number or the card field there,
//! toggles a checkbox, presses a button, and selects (never toggles off) a radio option. The wheel
//! over the composer's conversation scrolls it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Block;

use crate::api::{Audience, NameFormat};
use crate::tui::app::{App, Pane};
use crate::tui::keymap::Action;
use crate::tui::layout;
use crate::tui::msg::Cmd;
use crate::tui::state::card::CardField;

impl App {
    pub(crate) fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Cmd> {
        if !self.config.mouse || self.modal.is_some() {
            return Vec::new();
        }
        if let MouseEventKind::ScrollUp | MouseEventKind::ScrollDown = mouse.kind {
            self.wheel(mouse);
            return Vec::new();
        }
        if !matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) {
            return Vec::new();
        }
        let Some(panes) = layout::panes_for(self.size) else {
            return Vec::new();
        };
        let at = Position::new(mouse.column, mouse.row);
        if panes.numbers.contains(at) {
            self.set_focus(Pane::Numbers);
            let picked = layout::number_row_at(&self.numbers, panes.numbers, at).and_then(|row| {
                self.numbers
                    .visible()
                    .get(row)
                    .map(|n| n.number().to_owned())
            });
            if let Some(n) = picked {
                self.numbers.selected = Some(n.clone());
                return self.choose_number(&n);
            }
        } else if panes.card.contains(at) {
            self.set_focus(Pane::Card);
            return self.click_card(panes.card, at);
        } else if panes.composer.contains(at) {
            self.set_focus(Pane::Composer);
        }
        Vec::new()
    }

    /// The wheel over the composer's conversation scrolls it.
    fn wheel(&mut self, mouse: MouseEvent) {
        let at = Position::new(mouse.column, mouse.row);
        let over = layout::composer_rows_for(self.size, &self.composer)
            .is_some_and(|r| r.history.contains(at));
        if over {
            let older = mouse.kind == MouseEventKind::ScrollUp;
            self.scroll_history(if older {
                super::history::WHEEL_ROWS
            } else {
                -super::history::WHEEL_ROWS
            });
        }
    }

    fn click_card(&mut self, pane: Rect, at: Position) -> Vec<Cmd> {
        let inner = Block::bordered().inner(pane);
        let row = at.y.saturating_sub(inner.y);
        let Some(field) = layout::card_field_at_row(&self.card, row) else {
            return Vec::new();
        };
        if self.card.field != field {
            self.card.editing = false;
        }
        self.card.field = field;
        let x = at.x.saturating_sub(inner.x);
        let card = &mut self.card;
        // A radio option is chosen by where the click lands: it is selected, never toggled off.
        let first = |options| layout::radio_option_at(x, options).map(|i| i == 0);
        match field {
            CardField::First | CardField::Last => {}
            CardField::Audience => {
                if let Some(first) = first(layout::AUDIENCE_OPTIONS) {
                    card.edits.audience = Some(if first {
                        Audience::ContactsOnly
                    } else {
                        Audience::AlwaysAsk
                    });
                }
            }
            CardField::NameFormat => {
                if let Some(first) = first(layout::NAME_FORMAT_OPTIONS) {
                    card.edits.name_format = Some(if first {
                        NameFormat::FirstAndLast
                    } else {
                        NameFormat::FirstOnly
                    });
                }
            }
            _ => return self.card_action(Action::Toggle),
        }
        Vec::new()
    }
}
