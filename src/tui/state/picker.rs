//! The chat picker (^P): the chats from `GET /chats`, filtered as the operator types.

use crate::api::Chat;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatPicker {
    pub filter: String,
    pub selected: usize,
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
}
