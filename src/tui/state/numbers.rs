//! The number picker: the list from `GET /me/numbers`, the type-to-filter text and the selection
//! (kept by number, not by row, so filtering and refreshing do not move it).

use std::collections::BTreeSet;
use std::time::Duration;

use crate::api::PhoneNumber;
use crate::tui::state::{InFlight, Load};

/// Moving the number selection loads its card only once the selection rests this long.
pub const SETTLE: Duration = Duration::from_millis(350);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumbersState {
    pub load: Load,
    /// The list request in flight.
    pub request: InFlight,
    pub items: Vec<PhoneNumber>,
    pub filter: String,
    /// Typing goes to the filter.
    pub filtering: bool,
    pub selected: Option<String>,
    /// The debounce timer of the latest selection move: only it loads a card.
    pub settle: InFlight,
    /// The first visible row of a list taller than its pane; kept between frames so the list
    /// only scrolls when the selection would leave the screen.
    pub offset: usize,
    /// Marked numbers (the targets of "apply this card"); kept by number, so they survive
    /// filtering and refreshing.
    pub marked: BTreeSet<String>,
    /// Moves (±1) typed while the list is loading with nothing listed yet: no key is lost, they
    /// apply in order once it lands.
    pub early_moves: Vec<isize>,
}

impl NumbersState {
    /// Rows matching the filter (case-insensitive, on the number and its plan).
    pub fn visible(&self) -> Vec<&PhoneNumber> {
        let needle = self.filter.to_lowercase();
        self.items
            .iter()
            .filter(|n| {
                needle.is_empty()
                    || n.number().to_lowercase().contains(&needle)
                    || n.plan().label().contains(&needle)
            })
            .collect()
    }

    /// The list is on its way and nothing is listed yet: a move now is kept for when it lands.
    pub fn awaiting_list(&self) -> bool {
        self.load.is_loading() && self.items.is_empty()
    }

    pub fn cursor(&self) -> Option<usize> {
        let visible = self.visible();
        let selected = self.selected.as_deref()?;
        visible.iter().position(|n| n.number() == selected)
    }

    pub fn find(&self, number: &str) -> Option<&PhoneNumber> {
        self.items.iter().find(|n| n.number() == number)
    }

    /// Moves the selection by `delta` rows within the visible list; returns whether it moved.
    pub fn step(&mut self, delta: isize) -> bool {
        let visible = self.visible();
        if visible.is_empty() {
            return false;
        }
        let next = match self.cursor() {
            None => 0,
            Some(i) => (i as isize + delta).clamp(0, visible.len() as isize - 1) as usize,
        };
        let number = visible[next].number().to_owned();
        let moved = self.selected.as_deref() != Some(number.as_str());
        self.selected = Some(number);
        moved
    }

    /// The first row to show in `height` rows: `offset`, moved just enough to show the selection.
    pub fn scrolled(&self, height: usize) -> usize {
        let height = height.max(1);
        let last_start = self.visible().len().saturating_sub(height);
        let mut offset = self.offset.min(last_start);
        if let Some(c) = self.cursor() {
            if c < offset {
                offset = c;
            } else if c >= offset + height {
                offset = c + 1 - height;
            }
        }
        offset
    }

    /// The marked numbers in list order.
    pub fn marked_in_order(&self) -> Vec<String> {
        self.items
            .iter()
            .map(|n| n.number())
            .filter(|n| self.marked.contains(*n))
            .map(str::to_owned)
            .collect()
    }

    /// Marked numbers the filter hides.
    pub fn marked_hidden(&self) -> usize {
        let visible = self.visible();
        self.marked
            .iter()
            .filter(|m| !visible.iter().any(|n| n.number() == m.as_str()))
            .count()
    }

    /// Marks or unmarks the selected number; returns whether it is now marked.
    pub fn toggle_mark(&mut self) -> Option<bool> {
        let selected = self.selected.clone()?;
        if self.marked.remove(&selected) {
            Some(false)
        } else {
            self.marked.insert(selected);
            Some(true)
        }
    }

    /// Marks every shown number, or, when every shown one is marked already, clears all marks.
    /// Returns how many are marked after.
    pub fn mark_all_shown(&mut self) -> usize {
        let shown: Vec<String> = self
            .visible()
            .iter()
            .map(|n| n.number().to_owned())
            .collect();
        if shown.iter().all(|n| self.marked.contains(n)) {
            self.marked.clear();
        } else {
            self.marked.extend(shown);
        }
        self.marked.len()
    }

    /// After a refresh: a mark on a number no longer on the key goes.
    pub fn keep_marks_listed(&mut self) {
        let items = &self.items;
        self.marked
            .retain(|m| items.iter().any(|n| n.number() == m.as_str()));
    }

    /// Keeps the selection on a visible row after the filter or the list changed.
    pub fn clamp_selection(&mut self) {
        if self.cursor().is_none() {
            self.selected = self.visible().first().map(|n| n.number().to_owned());
        }
    }
}
