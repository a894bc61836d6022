//! The apply overlay: opening it (the card on screen, the marked numbers, a plan job on the fleet
//! engine), the field groups, `y` (the apply job), stopping, retrying the failed rows, and the
//! job's progress as it arrives.

use crate::tui::app::{App, Modal};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::msg::{Cmd, FleetCmd, FleetEvent, FleetJob, ReqId};
use crate::tui::state::apply::{ApplyRow, ApplyState, Phase, RowState, desired_card};

impl App {
    /// `A` in the card pane: "Apply this card to N marked numbers", with its plan being read.
    pub(crate) fn open_apply(&mut self) -> Vec<Cmd> {
        let numbers = self.numbers.marked_in_order();
        if numbers.is_empty() {
            let key = keymap::label(Context::Marks, Action::ToggleMark);
            self.note(format!(
                "No number is marked: {key} in the numbers list marks one"
            ));
            return Vec::new();
        }
        let Some(source) = self.card.number.clone() else {
            self.toast("Pick a number first: its card is what gets applied", true);
            return Vec::new();
        };
        if self.card.load.is_loading() {
            self.note("The card is still loading");
            return Vec::new();
        }
        let (card, photo_note) = match desired_card(&self.card) {
            Ok(found) => found,
            Err(why) => {
                self.toast(why, true);
                return Vec::new();
            }
        };
        let mut apply = ApplyState::new(source, card.clone(), photo_note);
        apply.groups.photo = card.avatar.is_some();
        apply.rows = numbers
            .iter()
            .map(|n| ApplyRow {
                number: n.clone(),
                plan: None,
                state: RowState::Reading,
            })
            .collect();
        let id = apply.job.start(&mut self.ids);
        self.card.editing = false;
        self.modal = Some(Modal::Apply(Box::new(apply)));
        vec![Cmd::Fleet(FleetCmd::Run {
            id,
            job: FleetJob::Plan { numbers, card },
        })]
    }

    pub(crate) fn apply_action(&mut self, context: Context, action: Action) -> Vec<Cmd> {
        use Context as C;
        let Some(Modal::Apply(apply)) = self.modal.as_mut() else {
            return Vec::new();
        };
        match (context, action) {
            (_, Action::Up) => apply.selected = apply.selected.saturating_sub(1),
            (_, Action::Down) => {
                apply.selected = (apply.selected + 1).min(apply.rows.len().saturating_sub(1));
            }
            (C::ApplyPlan, Action::GroupNames) => apply.groups.names = !apply.groups.names,
            (C::ApplyPlan, Action::GroupPhoto) => match &apply.photo_note {
                Some(why) if apply.card.avatar.is_none() => {
                    apply.note = Some(format!("No photo to apply: {why}"));
                }
                _ => apply.groups.photo = !apply.groups.photo,
            },
            (C::ApplyPlan, Action::GroupSharing) => apply.groups.sharing = !apply.groups.sharing,
            (C::ApplyPlan, Action::Yes) => return self.start_apply(),
            (C::ApplyPlan, Action::CloseOverlay) => {
                // Nothing was written; reads still under way are dropped.
                let job = apply.job.current();
                self.close_modal();
                return job
                    .map(|id| Cmd::Fleet(FleetCmd::Stop { id }))
                    .into_iter()
                    .collect();
            }
            (C::ApplyRunning, Action::CloseOverlay) => {
                if apply.phase == Phase::Stopping {
                    // Already stopping: what is in flight finishes without the overlay.
                    self.close_modal();
                } else {
                    apply.asking_stop = true;
                }
            }
            (C::ApplyStop, Action::Yes) => {
                apply.asking_stop = false;
                apply.phase = Phase::Stopping;
                return apply
                    .job
                    .current()
                    .map(|id| Cmd::Fleet(FleetCmd::Stop { id }))
                    .into_iter()
                    .collect();
            }
            (C::ApplyStop, Action::No) => apply.asking_stop = false,
            (C::ApplyDone, Action::RetryFailed) => return self.retry_failed(),
            (C::ApplyDone, Action::CloseOverlay) => self.close_modal(),
            _ => {}
        }
        Vec::new()
    }

    /// `y`: write what the plan (restricted to the groups on) says differs.
    fn start_apply(&mut self) -> Vec<Cmd> {
        let Some(Modal::Apply(apply)) = self.modal.as_mut() else {
            return Vec::new();
        };
        if apply.phase == Phase::Planning {
            apply.note = Some("Still reading the cards: y applies once the plan is in".into());
            return Vec::new();
        }
        if let Some(e) = &apply.plan_error {
            apply.note = Some(format!(
                "Nothing was planned ({}): close and try again",
                e.sentence
            ));
            return Vec::new();
        }
        if !apply.groups.any() {
            // Nothing is written until a group is on; the summary line says which keys.
            apply.note = Some("Nothing to apply: turn a field group on first".into());
            return Vec::new();
        }
        let plan = apply.plan_to_apply();
        if !plan.has_writes() {
            apply.note = Some("Nothing to write: every marked number already shows this".into());
            return Vec::new();
        }
        for row in &mut apply.rows {
            row.state = if row.plan.is_some() {
                RowState::Waiting
            } else {
                RowState::NotStarted
            };
        }
        apply.phase = Phase::Applying;
        apply.note = None;
        apply.rate_limited = None;
        let id = apply.job.start(&mut self.ids);
        vec![Cmd::Fleet(FleetCmd::Run {
            id,
            job: FleetJob::Apply { plan },
        })]
    }

    /// `r` once done: read the failed (and not started) numbers again and write what still
    /// differs.
    fn retry_failed(&mut self) -> Vec<Cmd> {
        let Some(Modal::Apply(apply)) = self.modal.as_mut() else {
            return Vec::new();
        };
        let numbers = apply.failed_numbers();
        if numbers.is_empty() {
            apply.note = Some("Nothing failed: there is nothing to retry".into());
            return Vec::new();
        }
        for row in apply
            .rows
            .iter_mut()
            .filter(|r| numbers.contains(&r.number))
        {
            row.state = RowState::Reading;
        }
        apply.phase = Phase::Applying;
        apply.note = None;
        apply.plan_error = None;
        apply.rate_limited = None;
        let id = apply.job.start(&mut self.ids);
        vec![Cmd::Fleet(FleetCmd::Run {
            id,
            job: FleetJob::Retry {
                numbers,
                card: apply.card.clone(),
                fields: apply.groups.fields(),
            },
        })]
    }

    /// A fleet job's progress; it counts while its overlay is open, a question over it or not.
    pub(crate) fn on_fleet(&mut self, id: ReqId, event: FleetEvent) -> Vec<Cmd> {
        let covered = self.covered.as_deref_mut();
        let Some(apply) = self
            .modal
            .as_mut()
            .into_iter()
            .chain(covered)
            .find_map(|m| match m {
                Modal::Apply(apply) => Some(apply),
                _ => None,
            })
        else {
            return Vec::new();
        };
        if apply.job.current() != Some(id) {
            return Vec::new();
        }
        let next = if apply.phase == Phase::Planning {
            RowState::Planned
        } else {
            RowState::Waiting
        };
        match event {
            FleetEvent::Planned(plan) => {
                if let Some(row) = apply.row_mut(&plan.number) {
                    row.plan = Some(*plan);
                    row.state = next;
                }
            }
            FleetEvent::PlanDone(result) => apply.plan_done(id, result, &next),
            FleetEvent::Applied(outcome) => {
                // The card on screen was one of them: what was written is saved now.
                if outcome.plan.number == apply.source
                    && self.card.number.as_deref() == Some(apply.source.as_str())
                    && !outcome.written.is_empty()
                {
                    self.card.commit_applied(&apply.card, &outcome.written);
                }
                if let Some(row) = apply.row_mut(&outcome.plan.number) {
                    row.state = RowState::Done(outcome);
                }
            }
            FleetEvent::RateLimited { wait, concurrency } => {
                apply.rate_limited = Some((wait, concurrency));
            }
            FleetEvent::ApplyDone { .. } => {
                apply.job.settle(id);
                for row in &mut apply.rows {
                    if matches!(row.state, RowState::Reading | RowState::Waiting) {
                        row.state = RowState::NotStarted;
                    }
                }
                apply.phase = Phase::Done;
                apply.asking_stop = false;
            }
        }
        Vec::new()
    }
}
