//! `bloocard fleet plan|apply|export`: the card file in, the fleet engine run, its plan and
//! results out (human rows or `--json`), and the exit codes scripts rely on: 2 bad file or
//! usage, 6 unusable avatar, 7 some numbers failed, 8 changes pending (`--exit-code`), 130 Ctrl-C.

use std::path::Path;
use std::sync::Arc;

use super::confirm::{confirm, interrupted, or_ctrl_c, require_yes_without_terminal};
use super::error::{CliError, exit};
use super::fleet_args::{FleetApplyArgs, FleetCommand, FleetExportArgs, FleetPlanArgs};
use super::fleet_progress::Reporter;
use super::fleet_render::{Columns, apply_json, apply_summary, plan_text};
use super::output;
use super::output::print;
use crate::api::Client;
use crate::fleet::{
    ApplyReport, ApplyStatus, Desired, Engine, Plan, PlanStatus, Records, desired, export, spec,
    stop_pair,
};
use crate::sanitize::clean;

/// What every fleet command needs.
struct Context<'a> {
    client: &'a Client,
    json: bool,
}

pub async fn run(client: &Client, json: bool, action: &FleetCommand) -> Result<String, CliError> {
    let ctx = &Context { client, json };
    match action {
        FleetCommand::Plan(args) => plan(ctx, args).await,
        FleetCommand::Apply(args) => apply(ctx, args).await,
        FleetCommand::Export(args) => export_cards(ctx, args).await,
    }
}

/// The card file, checked (exit 2) and with its avatars prepared (exit 6); no request yet.
async fn load(file: &Path) -> Result<Desired, CliError> {
    let text = spec::read(file).map_err(|e| {
        CliError::Input(format!(
            "could not read the card file {}: {}",
            clean(&file.display().to_string()),
            crate::io_error::Words(&e)
        ))
    })?;
    let checked = text.map_err(|e| CliError::Usage(e.to_string()))?;
    tokio::task::spawn_blocking(move || desired::resolve(&checked))
        .await
        .map_err(|e| CliError::Other(format!("preparing the avatars failed: {e}")))?
        .map_err(|e| CliError::Input(e.to_string()))
}

/// The engine of one run: plan and apply share it, and with it what its limiter learns.
fn engine(ctx: &Context<'_>, concurrency: usize) -> Engine {
    Engine::new(
        ctx.client,
        concurrency,
        Records::default_location(),
        crate::fleet::quiet(),
    )
}

async fn make_plan(engine: &Engine, desired: &Desired) -> Result<Plan, CliError> {
    let reporter = Reporter::new("reading cards", None);
    engine.set_progress(reporter.progress());
    let plan = or_ctrl_c(engine.plan(desired), "nothing was written").await;
    reporter.finish();
    Ok(plan??)
}

async fn plan(ctx: &Context<'_>, args: &FleetPlanArgs) -> Result<String, CliError> {
    let desired = load(&args.file).await?;
    let plan = make_plan(&engine(ctx, args.concurrency), &desired).await?;
    print(&if ctx.json {
        output::json(&plan.to_json())
    } else {
        plan_text(&plan)
    })?;
    let s = plan.summary();
    if s.error > 0 {
        return Err(CliError::Outcome {
            code: exit::PARTIAL,
            message: format!(
                "{} of {} numbers cannot be planned ({})",
                s.error,
                plan.numbers.len(),
                where_failed(ctx.json, "error")
            ),
        });
    }
    if args.exit_code && plan.has_writes() {
        return Err(CliError::Outcome {
            code: exit::CHANGES,
            message: String::new(),
        });
    }
    Ok(String::new())
}

/// Where the failed numbers are shown: the `✗` rows in text, the `status` in JSON.
fn where_failed(json: bool, status: &str) -> String {
    if json {
        format!("their \"status\" is \"{status}\" in the JSON")
    } else {
        "see ✗ above".to_owned()
    }
}

async fn apply(ctx: &Context<'_>, args: &FleetApplyArgs) -> Result<String, CliError> {
    let desired = load(&args.file).await?;
    require_yes_without_terminal(args.yes, "fleet apply changes cards on many numbers")?;
    let engine = engine(ctx, args.concurrency);
    let plan = make_plan(&engine, &desired).await?;
    if !ctx.json {
        print(&plan_text(&plan))?;
    }
    let writes = plan
        .numbers
        .iter()
        .filter(|n| matches!(n.status, PlanStatus::Change | PlanStatus::Unknown))
        .count();
    let question = format!(
        "Apply these changes to {writes} number{}?",
        if writes == 1 { "" } else { "s" }
    );
    if writes > 0 && !args.yes && !confirm(&question, "nothing was written").await? {
        eprintln!("bloocard: apply cancelled; nothing was written");
        return Ok(String::new());
    }
    let reporter = Reporter::new("applying", (!ctx.json).then(|| Columns::of(&plan)));
    reporter.set_total(plan.numbers.len());
    engine.set_progress(reporter.progress());
    let (report, stopped_by_user) = run_apply(&engine, &plan, &reporter).await;
    reporter.finish();
    print(&if ctx.json {
        output::json(&apply_json(&report, plan.numbers.len()))
    } else {
        apply_summary(&report, plan.numbers.len())
    })?;
    let applied = report.count(ApplyStatus::Applied);
    let failed = report.count(ApplyStatus::Failed);
    if stopped_by_user {
        return Err(interrupted(&format!(
            "{applied} number{} applied, {} not started; rerun to finish (it writes only what \
             still differs)",
            if applied == 1 { "" } else { "s" },
            plan.numbers.len().saturating_sub(report.outcomes.len())
        )));
    }
    if failed > 0 {
        return Err(CliError::Outcome {
            code: exit::PARTIAL,
            message: format!(
                "{failed} of {} numbers failed ({}); the others are done, and rerunning writes \
                 only what still differs",
                plan.numbers.len(),
                where_failed(ctx.json, "failed")
            ),
        });
    }
    Ok(String::new())
}

/// The apply, with Ctrl-C: the first lets requests in flight finish and starts nothing new; a
/// second drops them at once. Either way the report holds every number that finished.
async fn run_apply(engine: &Engine, plan: &Plan, reporter: &Arc<Reporter>) -> (ApplyReport, bool) {
    let (stop, cancel) = stop_pair();
    let work = engine.apply(plan, &cancel);
    tokio::pin!(work);
    tokio::select! {
        report = &mut work => return (report, false),
        _ = tokio::signal::ctrl_c() => {}
    }
    stop.stop();
    reporter.notice(
        "bloocard: stopping: requests in flight finish, nothing new starts (Ctrl-C again to quit now)",
    );
    tokio::select! {
        report = &mut work => (report, true),
        _ = tokio::signal::ctrl_c() => (
            ApplyReport { outcomes: reporter.outcomes(), stopped: true },
            true,
        ),
    }
}

async fn export_cards(ctx: &Context<'_>, args: &FleetExportArgs) -> Result<String, CliError> {
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(CliError::Input(format!(
            "{} exists and is not a folder",
            clean(&args.dir.display().to_string())
        )));
    }
    let file =
        export::target_file(&args.dir, args.force).map_err(|e| CliError::Usage(e.to_string()))?;
    // A folder that cannot be made is found before any request, not after reading every card.
    let avatars = args.dir.join("avatars");
    std::fs::create_dir_all(&avatars).map_err(|e| {
        CliError::Input(format!(
            "could not create {}: {}",
            clean(&avatars.display().to_string()),
            crate::io_error::Words(&e)
        ))
    })?;
    let reporter = Reporter::new("reading cards", None);
    let engine = Engine::new(
        ctx.client,
        args.concurrency,
        Records::none(),
        reporter.progress(),
    );
    let read = or_ctrl_c(engine.read_all(), "nothing was written").await;
    reporter.finish();
    let read = read??;
    let now = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    let rendered = export::render(&read, &now);
    export::write(&args.dir, &rendered).map_err(|e| CliError::Input(e.to_string()))?;
    let shown = clean(&file.display().to_string()).into_owned();
    print(&if ctx.json {
        output::json(&serde_json::json!({
            "file": shown,
            "exported": rendered.exported,
            "avatars": rendered.avatars.len(),
            "left_out": rendered.left_out.iter().map(|(n, why)| serde_json::json!({"number": n, "reason": why})).collect::<Vec<_>>(),
        }))
    } else {
        let mut out = format!(
            "Exported {} number{} to {shown} ({} avatar{} under avatars/, byte for byte).\n",
            rendered.exported,
            if rendered.exported == 1 { "" } else { "s" },
            rendered.avatars.len(),
            if rendered.avatars.len() == 1 { "" } else { "s" },
        );
        for (number, why) in &rendered.left_out {
            out.push_str(&format!(
                "✗ {}  {}; left out (a comment in the file)\n",
                clean(number),
                clean(why)
            ));
        }
        out
    })?;
    if !rendered.left_out.is_empty() {
        return Err(CliError::Outcome {
            code: exit::PARTIAL,
            message: format!(
                "{} number{} could not be exported",
                rendered.left_out.len(),
                if rendered.left_out.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        });
    }
    Ok(String::new())
}
