//! The number picker: the list from `GET /me/numbers`, the type-to-filter text and the selection
//! (kept by number, not by row, so filtering and refreshing do not move it).

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

    /// Keeps the selection on a visible row after the filter or the list changed.
    pub fn clamp_selection(&mut self) {
        if self.cursor().is_none() {
            self.selected = self.visible().first().map(|n| n.number().to_owned());
        }
    }
}
