//! Each pane's state and the helpers that change it; `App::update` orchestrates them.

pub mod card;
pub mod composer;
pub mod numbers;
pub mod text;

use crate::tui::msg::{ErrorInfo, ReqId};

/// The life of one request-backed piece of data.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading(ReqId),
    Loaded,
    Failed(ErrorInfo),
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading(_))
    }

    /// Whether a result tagged `id` is the one this state waits for.
    pub fn awaits(&self, id: ReqId) -> bool {
        *self == Self::Loading(id)
    }
}
