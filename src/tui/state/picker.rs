//! The chat picker (^P): the chats from `GET /chats`, filtered as the operator types, and the
//! chats marked for staging the card in many at once.

use std::collections::BTreeSet;

use crate::api::Chat;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatPicker {
    pub filter: String,
    pub selected: usize,
    /// The ids of the marked chats (kept while the filter changes).
    pub marked: BTreeSet<String>,
}

impl ChatPicker {
    /// The chats whose title or id contains the filter (case-insensitive).
    pub fn rows<'a>(&self, chats: &'a [Chat]) -> Vec<&'a Chat> {
        let needle = self.filter.to_lowercase();
        chats
            .iter()
            .filter(|c| {
                needle.is_empty()
                    || c.title().to_lowercase().contains(&needle)
                    || c.id
                        .as_deref()
                        .unwrap_or_default()
                        .to_lowercase()
                        .contains(&needle)
            })
            .collect()
    }

    /// Marks or unmarks the selected chat; returns whether it is now marked (`None`: no chat
    /// is selected).
    pub fn toggle_mark(&mut self, chats: &[Chat]) -> Option<bool> {
        let id = self.rows(chats).get(self.selected)?.id.clone()?;
        if self.marked.remove(&id) {
            Some(false)
        } else {
            self.marked.insert(id);
            Some(true)
        }
    }

    /// Marks every chat shown, or, when every shown one is marked already, clears all marks (as
    /// the numbers list does). Returns how many are marked after.
    pub fn mark_all_shown(&mut self, chats: &[Chat]) -> usize {
        let shown: Vec<String> = self
            .rows(chats)
            .iter()
            .filter_map(|c| c.id.clone())
            .collect();
        if shown.iter().all(|id| self.marked.contains(id)) {
            self.marked.clear();
        } else {
            self.marked.extend(shown);
        }
        self.marked.len()
    }

    /// The marked chats in list order (marks whose chat is no longer listed are dropped).
    pub fn marked_in_order<'a>(&self, chats: &'a [Chat]) -> Vec<&'a Chat> {
        chats
            .iter()
            .filter(|c| c.id.as_ref().is_some_and(|id| self.marked.contains(id)))
            .collect()
    }

    /// How many marked chats the filter hides.
    pub fn marked_hidden(&self, chats: &[Chat]) -> usize {
        let shown: BTreeSet<&str> = self
            .rows(chats)
            .iter()
            .filter_map(|c| c.id.as_deref())
            .collect();
        self.marked
            .iter()
            .filter(|id| !shown.contains(id.as_str()))
            .count()
    }
}
