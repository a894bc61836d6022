//! The apply overlay's fixtures: marked numbers, the plan job `A` starts, plans made by the fleet
//! engine's own comparison, outcomes, and `y`.

use std::sync::Arc;

use bloocard::api::{ContactCard, Sharing};
use bloocard::fleet::compare::{CardRead, plan_number};
use bloocard::fleet::{ApplyStatus, Avatar, CardFields, NumberOutcome, NumberPlan, Plan};
use bloocard::tui::app::App;
use bloocard::tui::msg::{Cmd, FleetCmd, FleetEvent, FleetJob, Msg, ReqId};
use crossterm::event::KeyCode;

use super::{app_with_card, card, ch, feed, key};

/// John Doe's card on +…0001, with +…0001 (this card), +…0002 and +…0003 (shared) marked.
pub fn marked_app(size: (u16, u16)) -> App {
    let mut app = app_with_card(size);
    feed(
        &mut app,
        [
            ch(' '),
            key(KeyCode::Down),
            ch(' '),
            key(KeyCode::Down),
            ch(' '),
            key(KeyCode::Up),
            key(KeyCode::Up),
        ],
    );
    app
}

/// `A` in the card pane: the plan job it starts.
pub fn open_apply(app: &mut App) -> (ReqId, Vec<String>, CardFields<Avatar>) {
    let cmds = feed(app, [key(KeyCode::Tab), ch('A')]);
    match cmds.as_slice() {
        [
            Cmd::Fleet(FleetCmd::Run {
                id,
                job: FleetJob::Plan { numbers, card },
            }),
        ] => (*id, numbers.clone(), card.clone()),
        other => panic!("expected one plan job, got {other:?}"),
    }
}

pub fn server_card(first: &str, last: &str, sharing: bool) -> ContactCard {
    ContactCard {
        sharing: Some(Sharing {
            enabled: Some(sharing),
            audience: Some(0),
            name_format: Some(0),
        }),
        ..card(first, last, None)
    }
}

/// What the engine plans for the three marked numbers.
pub fn plans(want: &CardFields<Avatar>) -> Vec<NumberPlan> {
    let want = Arc::new(want.clone());
    vec![
        plan_number(
            "+15551230001",
            Some("dedicated"),
            want.clone(),
            &CardRead::Card(Box::new(server_card("John", "Doe", true))),
            None,
        ),
        plan_number(
            "+15551230002",
            None,
            want.clone(),
            &CardRead::Card(Box::new(server_card("Maya", "Lind", false))),
            None,
        ),
        plan_number(
            "+15551230003",
            Some("shared"),
            want,
            &CardRead::Card(Box::new(server_card("", "", false))),
            None,
        ),
    ]
}

pub fn fleet(app: &mut App, id: ReqId, event: FleetEvent) -> Vec<Cmd> {
    app.update(Msg::Fleet { id, event })
}

/// The overlay with its plan in, nothing applied.
pub fn planned_app(size: (u16, u16)) -> (App, Vec<NumberPlan>) {
    let mut app = marked_app(size);
    let (id, _, want) = open_apply(&mut app);
    let plans = plans(&want);
    for p in &plans {
        fleet(&mut app, id, FleetEvent::Planned(Box::new(p.clone())));
    }
    fleet(
        &mut app,
        id,
        FleetEvent::PlanDone(Ok(Plan {
            numbers: plans.clone(),
        })),
    );
    (app, plans)
}

pub fn outcome(plan: &NumberPlan, status: ApplyStatus, error: Option<&str>) -> NumberOutcome {
    NumberOutcome {
        plan: plan.clone(),
        status,
        written: if status == ApplyStatus::Applied {
            plan.writes()
        } else {
            Vec::new()
        },
        verified: status == ApplyStatus::Applied,
        skipped: Vec::new(),
        error: error.map(str::to_owned),
    }
}

/// `y`: the apply job and the plan it carries.
pub fn press_apply(app: &mut App) -> (ReqId, Plan) {
    match feed(app, [ch('y')]).as_slice() {
        [
            Cmd::Fleet(FleetCmd::Run {
                id,
                job: FleetJob::Apply { plan },
            }),
        ] => (*id, plan.clone()),
        other => panic!("expected one apply job, got {other:?}"),
    }
}
