//! The share overlay: opening it from the picker (the marked chats, or all the filter matches),
//! starting (the share engine stages the card through the worker), stopping, retrying the
//! failed chats, and the job's progress as it arrives.

use crate::tui::app::{App, Modal};
use crate::tui::keymap::{Action, Context};
use crate::tui::msg::{Cmd, FleetCmd, FleetJob, ReqId, ShareUpdate};
use crate::tui::state::picker::ChatPicker;
use crate::tui::state::share::{SharePhase, ShareState};

impl App {
    /// ^T in the picker: "Stage your card in N marked chats", or, with none marked, in all the
    /// chats its filter matches: listed by the engine page by page, so beyond the picker's first
    /// page too (and its error is shown there if the listing fails). The plan is read first,
    /// nothing is sent.
    pub(crate) fn open_share(&mut self, picker: ChatPicker) -> Vec<Cmd> {
        let (mut share, known) = ShareState::from_picker(picker, &self.composer.chat_list);
        let selection = share.selection.clone();
        let id = share.job.start(&mut self.ids);
        self.modal = Some(Modal::Share(Box::new(share)));
        vec![Cmd::Fleet(FleetCmd::Run {
            id,
            job: FleetJob::SharePlan {
                selection,
                chats: known,
            },
        })]
    }

    pub(crate) fn share_action(&mut self, context: Context, action: Action) -> Vec<Cmd> {
        use Context as C;
        let Some(Modal::Share(share)) = self.modal.as_mut() else {
            return Vec::new();
        };
        match (context, action) {
            (_, Action::Up) => share.selected = share.selected.saturating_sub(1),
            (_, Action::Down) => {
                share.selected = (share.selected + 1).min(share.rows.len().saturating_sub(1));
            }
            (C::ShareReady, Action::Yes) => return self.start_staging(),
            (C::ShareReady, Action::CloseOverlay) => {
                // Nothing was sent; a listing under way is dropped.
                let job = share.job.current();
                self.back_to_picker();
                return job
                    .map(|id| Cmd::Fleet(FleetCmd::Stop { id }))
                    .into_iter()
                    .collect();
            }
            (C::ShareRunning, Action::CloseOverlay) => {
                if share.phase == SharePhase::Stopping {
                    // Already stopping: what is in flight finishes without the overlay.
                    self.back_to_picker();
                } else {
                    share.asking_stop = true;
                }
            }
            (C::ShareStop, Action::Yes) => {
                share.asking_stop = false;
                share.phase = SharePhase::Stopping;
                return share
                    .job
                    .current()
                    .map(|id| Cmd::Fleet(FleetCmd::Stop { id }))
                    .into_iter()
                    .collect();
            }
            (C::ShareStop, Action::No) => share.asking_stop = false,
            (C::ShareDone, Action::RetryFailed) => return self.retry_staging(),
            (C::ShareDone, Action::CloseOverlay) => self.back_to_picker(),
            _ => {}
        }
        Vec::new()
    }

    /// Closes the overlay; the picker it came from comes back, marks and filter as they were.
    fn back_to_picker(&mut self) {
        if let Some(Modal::Share(share)) = self.modal.take() {
            self.modal = Some(Modal::Picker(share.picker));
        }
    }

    /// Enter (or `y`) on the plan: stage the card in every chat it lists.
    fn start_staging(&mut self) -> Vec<Cmd> {
        let Some(Modal::Share(share)) = self.modal.as_mut() else {
            return Vec::new();
        };
        let why = match (&share.phase, &share.list_error) {
            (SharePhase::Listing, _) => {
                "Still listing the chats: Enter starts once the plan is in".to_owned()
            }
            (_, Some(e)) => format!(
                "Nothing can be staged ({}): close and try again",
                e.sentence
            ),
            _ => "Nothing to stage: every chat is staged already".to_owned(),
        };
        if share.phase == SharePhase::Listing || share.list_error.is_some() {
            share.note = Some(why);
            return Vec::new();
        }
        self.stage_chats(false, why)
    }

    /// `r` once done: stage again in the chats that failed or were not started.
    fn retry_staging(&mut self) -> Vec<Cmd> {
        self.stage_chats(true, "Nothing failed: there is nothing to retry".to_owned())
    }

    /// Starts the job that stages the planned chats (or, `retry`, the failed); `nothing` is
    /// the note when there are none.
    fn stage_chats(&mut self, retry: bool, nothing: String) -> Vec<Cmd> {
        let Some(Modal::Share(share)) = self.modal.as_mut() else {
            return Vec::new();
        };
        let Some(job) = share.begin(retry) else {
            share.note = Some(nothing);
            return Vec::new();
        };
        let id = share.job.start(&mut self.ids);
        vec![Cmd::Fleet(FleetCmd::Run { id, job })]
    }

    /// A share job's progress; it counts while its overlay is open, a question over it or not.
    pub(crate) fn on_share(&mut self, id: ReqId, update: ShareUpdate) -> Vec<Cmd> {
        let covered = self.covered.as_deref_mut();
        let Some(share) = self
            .modal
            .as_mut()
            .into_iter()
            .chain(covered)
            .find_map(|m| match m {
                Modal::Share(share) => Some(share),
                _ => None,
            })
        else {
            return Vec::new();
        };
        if share.job.current() != Some(id) {
            return Vec::new();
        }
        match update {
            ShareUpdate::Listed { listed, total } => share.listed = (listed, total),
            ShareUpdate::Planned(result) => {
                share.job.settle(id);
                share.planned(result);
            }
            ShareUpdate::Done(outcome) => share.outcome(&outcome),
            ShareUpdate::RateLimited { wait, per_second } => {
                share.rate_limited = Some((wait, per_second));
            }
            ShareUpdate::Over {
                stop,
                journal_error,
            } => {
                share.job.settle(id);
                share.over(stop, journal_error);
            }
        }
        Vec::new()
    }
}
