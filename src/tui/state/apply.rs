//! The apply overlay: the card on screen applied to the marked numbers. One row per number with
//! its plan from the fleet engine and then its outcome, the field groups that are on, and where
//! the apply stands (reading, planned, applying, stopping, done).

use std::sync::Arc;
use std::time::Duration;

use crate::fleet::{
    ApplyStatus, Avatar, CardFields, DesiredAvatar, Field, NumberOutcome, NumberPlan, Plan,
    PlanStatus,
};
use crate::tui::msg::{ErrorInfo, ReqId};
use crate::tui::state::InFlight;
use crate::tui::state::card::CardState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The marked numbers' cards are being read and compared.
    Planning,
    /// The plan is shown; nothing was written.
    Planned,
    Applying,
    /// Asked to stop: requests in flight finish, nothing new starts.
    Stopping,
    /// Over: the summary stays until dismissed.
    Done,
}

/// The field groups the overlay's checkboxes choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Groups {
    pub names: bool,
    pub photo: bool,
    pub sharing: bool,
}

impl Default for Groups {
    fn default() -> Self {
        Self {
            names: true,
            photo: true,
            sharing: true,
        }
    }
}

impl Groups {
    /// At least one group is on: there is something to apply.
    pub fn any(self) -> bool {
        self.names || self.photo || self.sharing
    }

    pub fn fields(self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| match f {
                Field::FirstName | Field::LastName => self.names,
                Field::Avatar => self.photo,
                Field::Sharing | Field::Audience | Field::NameFormat => self.sharing,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowState {
    Reading,
    Planned,
    /// Applying: no result yet.
    Waiting,
    Done(Box<NumberOutcome>),
    /// The apply stopped (or its plan failed) before this number was started.
    NotStarted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApplyRow {
    pub number: String,
    /// As the engine planned it, all groups included (the view restricts it to the groups on).
    pub plan: Option<NumberPlan>,
    pub state: RowState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApplyState {
    /// The number whose card is applied (it may be marked too).
    pub source: String,
    pub card: CardFields<Avatar>,
    /// Why the card's photo is left out, when it is.
    pub photo_note: Option<String>,
    pub groups: Groups,
    pub rows: Vec<ApplyRow>,
    pub phase: Phase,
    /// The fleet job in flight: its progress counts only while it is the current one.
    pub job: InFlight,
    pub selected: usize,
    pub asking_stop: bool,
    /// The numbers list failed, so nothing could be planned.
    pub plan_error: Option<ErrorInfo>,
    /// The last rate limit met: every request waited this long, then this many at a time.
    pub rate_limited: Option<(Duration, usize)>,
    pub note: Option<String>,
}

/// How the rows stand, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub change: usize,
    pub in_sync: usize,
    pub error: usize,
    pub reading: usize,
    pub applied: usize,
    pub failed: usize,
    pub waiting: usize,
    pub not_started: usize,
}

impl ApplyState {
    pub fn new(source: String, card: CardFields<Avatar>, photo_note: Option<String>) -> Self {
        Self {
            source,
            card,
            photo_note,
            groups: Groups::default(),
            rows: Vec::new(),
            phase: Phase::Planning,
            job: InFlight::default(),
            selected: 0,
            asking_stop: false,
            plan_error: None,
            rate_limited: None,
            note: None,
        }
    }

    /// Something on screen moves (a spinner).
    pub fn busy(&self) -> bool {
        matches!(
            self.phase,
            Phase::Planning | Phase::Applying | Phase::Stopping
        )
    }

    /// A row's plan with only the groups that are on.
    pub fn effective(&self, plan: &NumberPlan) -> NumberPlan {
        plan.only(&self.groups.fields())
    }

    /// The plan `y` applies: every planned row, restricted to the groups that are on.
    pub fn plan_to_apply(&self) -> Plan {
        Plan {
            numbers: self
                .rows
                .iter()
                .filter_map(|r| r.plan.as_ref().map(|p| self.effective(p)))
                .collect(),
        }
    }

    /// The plan job `id` is over: each row's plan (rows still being read become `next`), or
    /// why nothing could be planned. A plan job's end settles it.
    pub fn plan_done(&mut self, id: ReqId, result: Result<Plan, ErrorInfo>, next: &RowState) {
        match result {
            Ok(plan) => {
                for p in plan.numbers {
                    if let Some(row) = self.row_mut(&p.number) {
                        row.plan = Some(p);
                        if row.state == RowState::Reading {
                            row.state = next.clone();
                        }
                    }
                }
            }
            Err(e) => self.plan_error = Some(e),
        }
        if self.phase == Phase::Planning {
            self.job.settle(id);
            self.phase = Phase::Planned;
            for row in self
                .rows
                .iter_mut()
                .filter(|r| r.state == RowState::Reading)
            {
                row.state = RowState::Planned;
            }
        }
    }

    pub fn row_mut(&mut self, number: &str) -> Option<&mut ApplyRow> {
        self.rows.iter_mut().find(|r| r.number == number)
    }

    pub fn failed_numbers(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| match &r.state {
                RowState::Done(o) => o.status == ApplyStatus::Failed,
                RowState::NotStarted => true,
                _ => false,
            })
            .map(|r| r.number.clone())
            .collect()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for row in &self.rows {
            match &row.state {
                RowState::Reading => c.reading += 1,
                RowState::Waiting => c.waiting += 1,
                RowState::NotStarted => c.not_started += 1,
                RowState::Done(o) => match o.status {
                    ApplyStatus::Applied => c.applied += 1,
                    ApplyStatus::InSync => c.in_sync += 1,
                    ApplyStatus::Failed => c.failed += 1,
                },
                RowState::Planned => match row.plan.as_ref().map(|p| self.effective(p).status) {
                    Some(PlanStatus::Change | PlanStatus::Unknown) => c.change += 1,
                    Some(PlanStatus::InSync) => c.in_sync += 1,
                    Some(PlanStatus::Error) | None => c.error += 1,
                },
            }
        }
        c
    }
}

/// The card as the editor shows it, saved values and unsaved edits alike, as the engine wants
/// it: names as typed, sharing settings where known, and the photo as the exact bytes the card
/// holds, or the prepared photo when one waits to be saved (never re-encoded). Also says why the
/// photo is left out, when it is. `Err` when the card was never read.
pub fn desired_card(card: &CardState) -> Result<(CardFields<Avatar>, Option<String>), String> {
    let number = card.number.as_deref().unwrap_or_default();
    if card.baseline.is_none() {
        return Err(format!(
            "The card of {} has not been read: there is nothing to apply yet",
            crate::sanitize::clean(number)
        ));
    }
    let edited = card.edited();
    let (avatar, photo_note) = match (&card.new_photo, edited.avatar.as_deref()) {
        (Some(photo), _) => {
            let label = photo.source.file_name().map_or_else(
                || "the new photo".to_owned(),
                |n| crate::sanitize::clean(&n.to_string_lossy()).into_owned(),
            );
            match crate::avatar::decode_base64(&photo.base64) {
                Ok(bytes) => (Some(DesiredAvatar::new(label, bytes, false)), None),
                Err(e) => (None, Some(format!("the new photo cannot be used ({e})"))),
            }
        }
        (None, Some(b64)) => match crate::avatar::decode_base64(b64) {
            Ok(bytes) => (
                Some(DesiredAvatar::new("this card's photo", bytes, true)),
                None,
            ),
            Err(e) => (
                None,
                Some(format!("this card's photo cannot be read ({e})")),
            ),
        },
        (None, None) => (None, Some("this card has no photo".to_owned())),
    };
    Ok((edited.map_avatar(|_| avatar.map(Arc::new)), photo_note))
}
