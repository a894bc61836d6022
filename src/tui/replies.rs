//! The loop's inbound queue as the tasks that answer into it see it (the worker, and the draft
//! lookups the loop hands to the draft writer): a sender that also counts the answers still owed,
//! so the loop never sees "nothing in flight" while one is on its way.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::mpsc::UnboundedSender;

use crate::tui::msg::Msg;

/// Sends one message to the loop (counted as in flight until the loop receives it): how a job
/// that answers many times (a fleet or share job) reports its progress.
pub type Send = Arc<dyn Fn(Msg) + std::marker::Send + Sync>;

#[derive(Clone, Debug)]
pub struct Replies {
    tx: UnboundedSender<Msg>,
    owed: Arc<AtomicUsize>,
}

impl Replies {
    pub fn new(tx: UnboundedSender<Msg>) -> Self {
        Self {
            tx,
            owed: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// One answer owed from now on: until the promise is kept (its message sent and then taken
    /// by the loop, `received`) or dropped unkept.
    pub fn promise(&self) -> Promise {
        self.owed.fetch_add(1, Ordering::SeqCst);
        Promise {
            replies: self.clone(),
            kept: false,
        }
    }

    /// Answers promised and not yet taken from the queue.
    pub fn owed(&self) -> usize {
        self.owed.load(Ordering::SeqCst)
    }

    /// The loop calls this for every answer it takes from the queue.
    pub fn received(&self) {
        self.owed.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One answer owed to the loop. Keeping it sends the message (counted until the loop takes it);
/// dropping it unkept, as a task that ends without an answer does, stops counting it.
#[derive(Debug)]
pub struct Promise {
    replies: Replies,
    kept: bool,
}

impl Promise {
    pub fn keep(mut self, msg: Msg) {
        // The receiver is gone only when the app has quit; nothing is waiting for this then.
        self.kept = self.replies.tx.send(msg).is_ok();
    }
}

impl Drop for Promise {
    fn drop(&mut self) {
        if !self.kept {
            self.replies.owed.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_promise_is_owed_until_received_or_dropped_unkept() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let replies = Replies::new(tx);
        let kept = replies.promise();
        let dropped = replies.promise();
        assert_eq!(replies.owed(), 2);
        drop(dropped);
        assert_eq!(
            replies.owed(),
            1,
            "a task that ends without answering owes nothing"
        );
        kept.keep(Msg::Tick);
        assert_eq!(replies.owed(), 1, "sent, not yet taken by the loop");
        assert_eq!(rx.try_recv().ok(), Some(Msg::Tick));
        replies.received();
        assert_eq!(replies.owed(), 0);
    }

    #[test]
    fn a_promise_kept_after_the_loop_is_gone_owes_nothing() {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let replies = Replies::new(tx);
        drop(rx);
        replies.promise().keep(Msg::Tick);
        assert_eq!(replies.owed(), 0);
    }
}
