//! "A request in flight", one type for all of them: each kind of request the app makes keeps one
//! `InFlight`; starting a new one replaces the old (last one wins) and a result is taken only when
//! `settle` says it is the one awaited. Ids come from one `Ids` so they never repeat in a run.

use crate::tui::msg::ReqId;

/// Hands out request ids, unique for the app's life.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids(ReqId);

impl Ids {
    pub fn take(&mut self) -> ReqId {
        self.0 += 1;
        self.0
    }
}

/// The one request of a kind that is awaited, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InFlight(Option<ReqId>);

impl InFlight {
    /// Starts a request (forgetting any older one) and returns the id its result must carry.
    pub fn start(&mut self, ids: &mut Ids) -> ReqId {
        let id = ids.take();
        self.0 = Some(id);
        id
    }

    /// Whether the result tagged `id` is the awaited one; if so the request is over.
    pub fn settle(&mut self, id: ReqId) -> bool {
        let mine = self.0 == Some(id);
        if mine {
            self.0 = None;
        }
        mine
    }

    pub fn pending(&self) -> bool {
        self.0.is_some()
    }

    /// The id awaited, for tests and logs.
    pub fn current(&self) -> Option<ReqId> {
        self.0
    }

    /// Stops waiting: a late result will be dropped.
    pub fn cancel(&mut self) {
        self.0 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_request_settles() {
        let mut ids = Ids::default();
        let mut req = InFlight::default();
        let old = req.start(&mut ids);
        let new = req.start(&mut ids);
        assert!(!req.settle(old));
        assert!(req.pending());
        assert!(req.settle(new));
        assert!(!req.pending());
        assert!(!req.settle(new), "a result counts once");
    }
}
