//! Asking on the terminal before work that changes many things (`fleet apply`, `share
//! --all-chats`), and giving up on Ctrl-C while waiting for something.

use std::future::Future;
use std::io::IsTerminal;

use super::error::{CliError, exit};

/// The exit for Ctrl-C: 130, with `what` said of what was done.
pub fn interrupted(what: &str) -> CliError {
    CliError::Outcome {
        code: exit::INTERRUPTED,
        message: format!("interrupted; {what}"),
    }
}

/// Runs `work`, or gives up on Ctrl-C (saying `what` was done: usually nothing).
pub async fn or_ctrl_c<T>(work: impl Future<Output = T>, what: &str) -> Result<T, CliError> {
    tokio::select! {
        done = work => Ok(done),
        _ = tokio::signal::ctrl_c() => Err(interrupted(what)),
    }
}

/// Refuses to go on without `--yes` when there is no terminal to ask on (exit 2, before any
/// request). `doing` says what the command does, e.g. "fleet apply changes cards on many numbers".
pub fn require_yes_without_terminal(yes: bool, doing: &str) -> Result<(), CliError> {
    if yes || std::io::stdin().is_terminal() {
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "{doing}: without a terminal to confirm on, pass --yes (nothing was sent)"
    )))
}

/// Asks `question` on the terminal; only `yes` goes ahead, as the question says (a stray `y`
/// typed for another prompt does not write to many numbers or chats). Ctrl-C while asking exits
/// 130, saying `if_interrupted`.
pub async fn confirm(question: &str, if_interrupted: &str) -> Result<bool, CliError> {
    eprint!("{question} Type yes to go ahead: ");
    // A plain thread, not `spawn_blocking`: after Ctrl-C the runtime would wait for the read to
    // end before the process could exit.
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = tx.send(std::io::stdin().read_line(&mut line).map(|_| line));
    });
    let line = or_ctrl_c(rx, if_interrupted)
        .await?
        .map_err(|_| CliError::Other("could not read the answer".into()))?
        .map_err(|e| {
            CliError::Other(format!(
                "could not read the answer: {}",
                crate::io_error::Words(&e)
            ))
        })?;
    let answer = line.trim().to_ascii_lowercase();
    if answer == "y" {
        eprintln!("bloocard: the answer was \"y\"; only \"yes\" goes ahead");
    }
    Ok(answer == "yes")
}
