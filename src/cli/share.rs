//! `bloocard share --all-chats | --chats FILE`: pick the chats, show the plan, ask (or need
//! `--yes` without a terminal), stage through the share engine, then the summary and the exit
//! code scripts rely on: 2 usage or no `--yes` without a terminal, 4 the plan cannot share cards
//! (stopped early), 5 no active number (stopped), 7 some chats failed, 130 Ctrl-C.

use std::sync::Arc;

use chrono::Utc;

use super::confirm::{confirm, interrupted, or_ctrl_c, require_yes_without_terminal};
use super::error::{CliError, exit};
use super::output;
use super::share_args::BulkShareArgs;
use super::share_progress::ShareReporter;
use super::share_render::{chat_rows, count, fitted, json_document, plan_text, summary};
use crate::api::Client;
use crate::fleet::share::words;
use crate::fleet::share::{
    ChatStatus, Journal, Selection, ShareEngine, SharePlan, StageReport, StopReason,
    default_journal_dir,
};
use crate::fleet::{Cancel, stop_pair};
use crate::sanitize::clean;

pub async fn run(
    client: &Client,
    json: bool,
    selection: &Selection,
    args: &BulkShareArgs,
) -> Result<String, CliError> {
    if !args.dry_run {
        require_yes_without_terminal(args.yes, "share stages your card in many chats")?;
    }
    let reporter = ShareReporter::new(!json);
    let engine = ShareEngine::new(client, args.concurrency, reporter.progress());
    let now = Utc::now();
    let listed = or_ctrl_c(
        engine.select(selection, now.timestamp_millis()),
        "nothing was staged",
    )
    .await;
    reporter.finish();
    let chats = listed??;
    let dir = default_journal_dir();
    let journal = Journal::open(dir.as_deref(), &client.account_id(), &selection.key());
    let plan = ShareEngine::plan(chats, &journal, args.again);
    if args.dry_run {
        output::print(&if json {
            output::json(&json_document(&plan, None, None))
        } else {
            format!(
                "{}{}",
                chat_rows(&plan.to_stage, now),
                fitted(&plan_text(&plan, selection, true, Some("--again")), 0)
            )
        })?;
        return Ok(String::new());
    }
    if !json {
        output::print(&fitted(
            &plan_text(&plan, selection, false, Some("--again")),
            0,
        ))?;
    }
    if plan.to_stage.is_empty() {
        if json {
            output::print(&output::json(&json_document(
                &plan,
                None,
                journal_path(&journal).as_deref(),
            )))?;
        }
        return Ok(String::new());
    }
    let question = format!("Stage your card in {}?", chats_words(plan.to_stage.len()));
    if !args.yes && !confirm(&question, "nothing was staged").await? {
        eprintln!("bloocard: share cancelled; nothing was staged");
        return Ok(String::new());
    }
    if args.again {
        // An interrupted `--again` run must not leave the chats it did not reach marked staged
        // from before the card changed: a plain rerun would skip them.
        journal.clear();
    }
    reporter.staging(plan.to_stage.len());
    let report = stage(&engine, &plan, &journal, &reporter).await;
    reporter.finish();
    let Some(report) = report else {
        return Err(interrupted(
            "quit at once; the chats that finished are in the journal, and a rerun stages only the rest",
        ));
    };
    let path = journal_path(&journal);
    output::print(&if json {
        output::json(&json_document(&plan, Some(&report), path.as_deref()))
    } else {
        fitted(&summary(&report, plan.skipped.len()), 2)
    })?;
    outcome(&report, plan.to_stage.len(), json)
}

fn chats_words(n: usize) -> String {
    format!("{} chat{}", count(n), if n == 1 { "" } else { "s" })
}

fn journal_path(journal: &Journal) -> Option<String> {
    journal
        .path()
        .map(|p| clean(&p.display().to_string()).into_owned())
}

/// Staging with Ctrl-C: the first lets requests in flight finish and starts nothing new; a
/// second quits at once (`None`; what finished is in the journal).
async fn stage(
    engine: &ShareEngine,
    plan: &SharePlan,
    journal: &Journal,
    reporter: &Arc<ShareReporter>,
) -> Option<StageReport> {
    let (stop, cancel): (_, Cancel) = stop_pair();
    let work = engine.stage(&plan.to_stage, journal, &cancel);
    tokio::pin!(work);
    tokio::select! {
        report = &mut work => return Some(report),
        _ = tokio::signal::ctrl_c() => {}
    }
    stop.stop();
    reporter.notice(
        "bloocard: stopping: requests in flight finish, nothing new starts (Ctrl-C again to quit now)",
    );
    tokio::select! {
        report = &mut work => Some(report),
        _ = tokio::signal::ctrl_c() => {
            let _ = journal.flush();
            None
        }
    }
}

/// The exit code and its one line on stderr; with `--json` there are no `✗` rows to point at, so
/// the line says which `status` to look for (as `fleet` does).
fn outcome(report: &StageReport, total: usize, json: bool) -> Result<String, CliError> {
    if let Some(error) = &report.journal_error {
        eprintln!(
            "bloocard: the share journal could not be saved ({error}); a rerun stages these chats again"
        );
    }
    let staged = report.count(ChatStatus::Staged);
    let failed = report.count(ChatStatus::Failed);
    let left = report.count(ChatStatus::NotStarted);
    let stop = |code, message: String| {
        Err(CliError::Outcome {
            code,
            message: super::share_render::fitted_final(&message),
        })
    };
    match &report.stop {
        Some(StopReason::PlanGated(server)) => {
            stop(exit::API, words::plan_gated(server, failed, left))
        }
        Some(StopReason::NoActiveNumber(server)) => stop(
            exit::UNAVAILABLE,
            words::no_active_number(server, staged, left, "rerun"),
        ),
        Some(StopReason::Asked) => Err(interrupted(&format!(
            "{} staged, {} not started; rerun to finish (it stages only what is not done)",
            chats_words(staged),
            count(left)
        ))),
        None if failed > 0 => stop(
            exit::PARTIAL,
            format!(
                "{} of {} chats failed ({}){}; rerunning stages only the failed",
                count(failed),
                count(total),
                if json {
                    "their \"status\" is \"failed\" in the JSON"
                } else {
                    "see ✗ above"
                },
                if staged > 0 {
                    "; the others are staged"
                } else {
                    ""
                }
            ),
        ),
        None => Ok(String::new()),
    }
}
