//! What the app knows of the draft files; only used when `AppConfig::drafts` is on.

use crate::tui::draft::Draft;
use crate::tui::state::InFlight;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftTrack {
    /// The draft last asked to be written (or `None` after a clear), to send only changes.
    pub last: Option<Draft>,
    /// The number whose stored draft was looked at (and answered): only its draft is written,
    /// so an unanswered offer is never overwritten.
    pub checked: Option<String>,
    /// The draft lookup in flight, and for which number.
    pub checking: InFlight,
    pub checking_number: Option<String>,
}
