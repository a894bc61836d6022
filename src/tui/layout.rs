//! All geometry in one place: where the panes go for a terminal size, which list row or card
//! field sits on which screen row. The views draw with it and the mouse and scroll code hit-test
//! with it, so a click always lands on what is drawn there.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::Block;

use crate::tui::preview::{AVATAR_COLS, AVATAR_ROWS};
use crate::tui::state::Load;
use crate::tui::state::card::{CardField, CardState};
use crate::tui::state::composer::ComposerState;
use crate::tui::state::numbers::NumbersState;

pub const MIN_WIDTH: u16 = 66;
pub const MIN_HEIGHT: u16 = 22;
/// From this width the composer gets its own column; below it sits under the editor. Three
/// columns need the numbers (34), a card with its avatar (~66) and a composer whose hints fit (~48).
pub const WIDE: u16 = 150;

/// The chat picker's box (width, height), centred on the screen.
pub const PICKER_SIZE: (u16, u16) = (60, 16);
/// How far PgUp/PgDn move in the picker: its list rows (the box less its borders and the
/// filter line) less one, so the row the cursor was on stays in sight.
pub const PICKER_PAGE: usize = PICKER_SIZE.1 as usize - 4;

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

/// The panes of a terminal of `size` (width, height).
pub fn panes_for(size: (u16, u16)) -> Option<Panes> {
    panes(Rect::new(0, 0, size.0, size.1))
}

// ----- numbers pane -----

/// Where the numbers pane's parts go, inside its border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumbersAreas {
    /// The filter line.
    pub filter: Rect,
    /// The list's rows (empty when the list could not be loaded at all).
    pub list: Rect,
    /// The selected number's details (empty while an error takes their place).
    pub details: Rect,
    /// Why the list could not be loaded or refreshed, when it could not (else empty).
    pub error: Rect,
}

/// Rows the error of a failed refresh takes under the list it keeps on screen.
const REFRESH_ERROR_ROWS: u16 = 5;

/// The numbers pane's parts for `numbers` as it stands: a failed refresh keeps the list the
/// operator is working in, its error taking the details' place and the list's last rows.
pub fn numbers_areas(pane: Rect, numbers: &NumbersState) -> NumbersAreas {
    let inner = Block::bordered().inner(pane);
    let [filter, list, details] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    if !matches!(numbers.load, Load::Failed(_)) {
        return NumbersAreas {
            filter,
            list,
            details,
            error: Rect::default(),
        };
    }
    let whole = list.union(details);
    if numbers.items.is_empty() {
        return NumbersAreas {
            filter,
            error: whole,
            ..NumbersAreas::default()
        };
    }
    let error_rows = REFRESH_ERROR_ROWS.min(whole.height.saturating_sub(1));
    let [list, error] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(error_rows)]).areas(whole);
    NumbersAreas {
        filter,
        list,
        details: Rect::default(),
        error,
    }
}

/// How many rows the number list has in a numbers pane at `pane`.
pub fn list_height(pane: Rect, numbers: &NumbersState) -> usize {
    usize::from(numbers_areas(pane, numbers).list.height)
}

/// Which visible row (an index into `NumbersState::visible`) is drawn at `at` in a numbers pane
/// at `pane`, taking the scrolling into account; `None` off the list.
pub fn number_row_at(numbers: &NumbersState, pane: Rect, at: Position) -> Option<usize> {
    let list = numbers_areas(pane, numbers).list;
    if !list.contains(at) {
        return None;
    }
    let row = numbers.scrolled(usize::from(list.height)) + usize::from(at.y - list.y);
    (row < numbers.visible().len()).then_some(row)
}

// ----- card pane -----

/// Width of the label column of the name fields.
pub const LABEL_WIDTH: u16 = 13;
/// Rows (inside the border) of the fields and of the lines between them.
pub const RECIPIENTS_ROW: u16 = 5;
pub const WALLPAPER_ROW: u16 = 6;
/// The first row under the fields: notes, or the path field and its hint.
pub const NOTES_ROW: u16 = 9;
/// The fields need this much width beside the avatar; the avatar grows into the rest.
const FIELDS_MIN_WIDTH: u16 = 34;
/// Width the fields keep before the avatar grows past its smallest size (the radio rows fit).
const FIELDS_WIDTH: u16 = 37;
/// Rows under the avatar for its pixel size and bytes.
pub const AVATAR_FACTS: u16 = 2;
const AVATAR_MAX_ROWS: u16 = 24;

/// The row (inside the border) each field is drawn on.
pub fn card_row_of(field: CardField) -> u16 {
    match field {
        CardField::First => 0,
        CardField::Last => 1,
        CardField::Sharing => 2,
        CardField::Audience => 3,
        CardField::NameFormat => 4,
        CardField::SetPhoto => 7,
        CardField::SaveAvatar => 8,
    }
}

/// The field drawn on `row` (inside the border), when the fields are drawn at all.
pub fn card_field_at_row(card: &CardState, row: u16) -> Option<CardField> {
    if card.number.is_none() || card.baseline.is_none() && card.load.is_loading() {
        return None;
    }
    CardField::ALL.into_iter().find(|f| card_row_of(*f) == row)
}

/// The texts of the radio options, as drawn (and hit-tested).
pub const AUDIENCE_OPTIONS: [&str; 2] = ["Contacts only", "Always ask"];
pub const NAME_FORMAT_OPTIONS: [&str; 2] = ["First & Last", "First only"];

/// The columns of the two options of a radio row, relative to the fields area: the marker and
/// the text of each, so a click anywhere on "(•) Contacts only" picks that option.
pub fn radio_option_at(card_x: u16, options: [&str; 2]) -> Option<usize> {
    // "›*" then "(•) First " then "(•) Second".
    let first_start = 2;
    let first_end = first_start + 4 + options[0].chars().count() as u16;
    let second_end = first_end + 1 + 4 + options[1].chars().count() as u16;
    match card_x {
        x if x >= first_start && x < first_end => Some(0),
        x if x >= first_end && x <= second_end => Some(1),
        _ => None,
    }
}

/// The fields and avatar areas inside the card pane's border (avatar empty when too narrow).
pub fn card_body(pane: Rect) -> (Rect, Rect) {
    let inner = Block::bordered().inner(pane);
    let (cols, rows) = avatar_cells(inner);
    let avatar_width = cols + 1;
    if inner.width >= avatar_width + FIELDS_MIN_WIDTH {
        let [fields, avatar] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(avatar_width)]).areas(inner);
        (
            fields,
            Rect {
                x: avatar.x + 1,
                width: cols,
                height: avatar.height.min(rows + AVATAR_FACTS),
                ..avatar
            },
        )
    } else {
        (inner, Rect::default())
    }
}

/// The avatar preview's size in cells for a card pane's inside `inner`: square in pixels (a cell
/// is about twice as tall as wide), as big as the room beside the fields allows.
pub fn avatar_cells(inner: Rect) -> (u16, u16) {
    let by_width = inner.width.saturating_sub(FIELDS_WIDTH + 1) / 2;
    let by_height = inner.height.saturating_sub(AVATAR_FACTS);
    let rows = by_width.min(by_height).clamp(AVATAR_ROWS, AVATAR_MAX_ROWS);
    (rows * AVATAR_COLS / AVATAR_ROWS, rows)
}

/// The avatar cells for a terminal of `size` (the smallest box below the minimum size).
pub fn avatar_cells_for(size: (u16, u16)) -> (u16, u16) {
    panes_for(size).map_or((AVATAR_COLS, AVATAR_ROWS), |p| {
        avatar_cells(Block::bordered().inner(p.card))
    })
}

// ----- composer pane -----

/// Rows above the history: the chat field and its hint (or the history's header).
const COMPOSER_HEAD_ROWS: u16 = 2;

/// Columns left of the message (and of every composer field): the focus mark and the label.
pub const COMPOSER_LABEL_WIDTH: u16 = 10;

/// Where the composer's conversation goes and how tall its message field is. The history (when
/// the chat in the field has one) sits between the chat's hint and the message field and takes
/// what the other rows leave, the message field keeping a few rows on tall terminals. The
/// message grows with its wrapped text up to the rows the pane can spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComposerRows {
    /// Empty when there is no history to show or no room for it.
    pub history: Rect,
    pub message_height: u16,
}

pub fn composer_rows(pane: Rect, composer: &ComposerState) -> ComposerRows {
    let inner = Block::bordered().inner(pane);
    let left = inner.height.saturating_sub(COMPOSER_HEAD_ROWS);
    let attachments = u16::try_from(composer.attachments.len()).unwrap_or(u16::MAX);
    let (text_rows, _) = composer
        .message
        .display_rows(inner.width.saturating_sub(COMPOSER_LABEL_WIDTH));
    let wanted = u16::try_from(text_rows).unwrap_or(u16::MAX);
    // An empty conversation needs no box (the line under the chat field says so); a failed load
    // gets one for the reason.
    let wants_box = composer
        .shown_history()
        .is_some_and(|h| !h.messages.is_empty() || matches!(h.load, Load::Failed(_)));
    // Attach, each URL, a complaint about the URL, Share, the buttons; then the status lines.
    let fixed = 3u16
        .saturating_add(attachments)
        .saturating_add(u16::from(composer.attachment_problem().is_some()));
    let avail = left
        .saturating_sub(fixed)
        .saturating_sub(composer.status_rows(inner.width));
    if !wants_box {
        // A few rows however short the message; up to every row the status lines leave.
        let least = left
            .saturating_sub(6u16.saturating_add(attachments))
            .clamp(1, 6);
        return ComposerRows {
            history: Rect::default(),
            message_height: wanted.min(avail).max(least),
        };
    }
    // The conversation keeps a third of the rows (two at least) however long the message is.
    let least = (avail.saturating_sub(2) / 3).clamp(1, 6);
    let most = (avail.saturating_sub(2) * 2 / 3).max(least);
    let message_height = wanted.clamp(least, most);
    ComposerRows {
        history: Rect::new(
            inner.x,
            inner.y + COMPOSER_HEAD_ROWS,
            inner.width,
            avail.saturating_sub(message_height),
        ),
        message_height,
    }
}

/// The composer's rows in a terminal of `size`.
pub fn composer_rows_for(size: (u16, u16), composer: &ComposerState) -> Option<ComposerRows> {
    panes_for(size).map(|p| composer_rows(p.composer, composer))
}
