//! Each pane's data and the small methods on it, one file per pane. Nothing here knows keys,
//! commands or views; `update` changes these, `ui` draws them.

pub mod apply;
pub mod card;
pub mod composer;
pub mod drafts;
pub mod history;
pub mod numbers;
pub mod overlay;
pub mod path_input;
pub mod picker;
pub mod request;
pub mod share;
pub mod text;

use crate::tui::msg::ErrorInfo;

pub use request::{Ids, InFlight};

/// The life of one request-backed piece of data; the request itself is an `InFlight` next to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Loaded,
    Failed(ErrorInfo),
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }
}

/// The three panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Numbers,
    Card,
    Composer,
}

impl Pane {
    pub fn next(self) -> Self {
        match self {
            Self::Numbers => Self::Card,
            Self::Card => Self::Composer,
            Self::Composer => Self::Numbers,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}
