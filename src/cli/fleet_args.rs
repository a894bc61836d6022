//! The `fleet` subcommand's arguments (`--json` is the global option).

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// `--concurrency N`, as fleet and share take it.
pub(super) fn concurrency(s: &str) -> Result<usize, String> {
    let range = crate::fleet::CONCURRENCY;
    match s.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!(
            "{s} is not a number from {} to {}",
            range.start(),
            range.end()
        )),
    }
}

#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// Show, for every number the card file targets, what `apply` would change
    Plan(FleetPlanArgs),
    /// Write what differs to every targeted number, then read each card back to verify it
    Apply(FleetApplyArgs),
    /// Write every number's card to DIR/cards.toml, avatars byte for byte under DIR/avatars/
    Export(FleetExportArgs),
}

#[derive(Debug, Args)]
pub struct FleetPlanArgs {
    /// The card file (TOML; `bloocard man` describes it under CARD FILE)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Exit 8 when anything would change (or is unknown), 0 when all is in sync
    #[arg(long)]
    pub exit_code: bool,

    /// Most requests in flight at once (1–32)
    #[arg(long, value_name = "N", default_value_t = crate::fleet::DEFAULT_CONCURRENCY, value_parser = concurrency)]
    pub concurrency: usize,
}

#[derive(Debug, Args)]
pub struct FleetApplyArgs {
    /// The card file (TOML; `bloocard man` describes it under CARD FILE)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Apply without asking (required when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Most requests in flight at once (1–32), card reads included
    #[arg(long, value_name = "N", default_value_t = crate::fleet::DEFAULT_CONCURRENCY, value_parser = concurrency)]
    pub concurrency: usize,
}

#[derive(Debug, Args)]
pub struct FleetExportArgs {
    /// Folder to write cards.toml and avatars/ into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Replace an existing DIR/cards.toml
    #[arg(long)]
    pub force: bool,

    /// Most requests in flight at once (1–32)
    #[arg(long, value_name = "N", default_value_t = crate::fleet::DEFAULT_CONCURRENCY, value_parser = concurrency)]
    pub concurrency: usize,
}
