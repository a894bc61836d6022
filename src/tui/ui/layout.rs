//! Where the panes go for a given terminal size. Shared by the views and by mouse hit-testing.

use ratatui::layout::{Constraint, Layout, Rect};

pub const MIN_WIDTH: u16 = 66;
pub const MIN_HEIGHT: u16 = 22;
/// From this width the composer gets its own column; below it sits under the editor. Three
/// columns need the numbers (34), a card with its avatar (~66) and a composer whose hints fit (~48).
pub const WIDE: u16 = 150;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub numbers: Rect,
    pub card: Rect,
    pub composer: Rect,
    pub footer: Rect,
}

/// `None` when the terminal is below the minimum size.
pub fn panes(area: Rect) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [body, footer] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let numbers_width = if area.width >= 100 { 34 } else { 27 };
    if area.width >= WIDE {
        let [numbers, card, composer] = Layout::horizontal([
            Constraint::Length(numbers_width),
            Constraint::Min(48),
            Constraint::Percentage(34),
        ])
        .areas(body);
        return Some(Panes {
            numbers,
            card,
            composer,
            footer,
        });
    }
    // Taller terminals give the card room for its notes (errors, plan gating) under the fields.
    let card_height = if body.height >= 28 { 15 } else { 13 };
    let [numbers, right] =
        Layout::horizontal([Constraint::Length(numbers_width), Constraint::Min(0)]).areas(body);
    let [card, composer] =
        Layout::vertical([Constraint::Length(card_height), Constraint::Min(8)]).areas(right);
    Some(Panes {
        numbers,
        card,
        composer,
        footer,
    })
}
