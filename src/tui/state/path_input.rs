//! The one-line path field under the card (photo from file, save avatar to file) with its Tab
//! completion list, and the pure helpers for paths typed there.

use crate::tui::state::InFlight;
use crate::tui::state::text::Field;

/// What the path field is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    SetPhoto,
    SaveAvatar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathInput {
    pub purpose: PathPurpose,
    pub field: Field,
    pub error: Option<String>,
    /// Completions offered by the last Tab, shown under the field.
    pub candidates: Vec<String>,
    /// The candidate Tab put in the field last (Tab again takes the next one).
    pub chosen: Option<usize>,
    /// The completion request in flight, if any.
    pub completing: InFlight,
}

impl PathInput {
    pub fn new(purpose: PathPurpose, text: &str) -> Self {
        Self {
            purpose,
            field: Field::single(text),
            error: None,
            candidates: Vec::new(),
            chosen: None,
            completing: InFlight::default(),
        }
    }
}

/// The longest prefix every item shares (on character boundaries).
pub fn common_prefix(items: &[String]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_stops_at_the_first_difference() {
        let items = ["photos/".to_owned(), "phone.jpg".to_owned()];
        assert_eq!(common_prefix(&items), "pho");
    }
}
