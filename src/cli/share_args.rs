//! The arguments of `share` for many chats: which (`--all-chats` with its filters, or
//! `--chats FILE`) and how (`--dry-run`, `--yes`, `--again`, `--concurrency`).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::fleet::share::{ChatKind, parse_duration};

const MANY: &str = "Many chats";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChatTypeArg {
    /// A phone number
    Phone,
    /// An email address
    Email,
    /// A group
    Group,
}

impl From<ChatTypeArg> for ChatKind {
    fn from(t: ChatTypeArg) -> Self {
        match t {
            ChatTypeArg::Phone => ChatKind::Phone,
            ChatTypeArg::Email => ChatKind::Email,
            ChatTypeArg::Group => ChatKind::Group,
        }
    }
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("bulk").args(["all_chats", "chats"]))]
pub struct BulkShareArgs {
    /// Stage in every chat GET /chats lists, newest first, narrowed by the options below
    #[arg(long, help_heading = MANY, conflicts_with = "chats")]
    pub all_chats: bool,

    /// With --all-chats: only chats with a message within DUR (30d, 12h, 90m)
    #[arg(long, value_name = "DUR", help_heading = MANY, value_parser = parse_duration)]
    pub active_within: Option<Duration>,

    /// With --all-chats: only chats of this type (repeatable)
    #[arg(long = "type", value_name = "TYPE", help_heading = MANY, value_enum)]
    pub types: Vec<ChatTypeArg>,

    /// With --all-chats: only chats matching Q (phone, email or contact name; the API's q parameter)
    #[arg(long, value_name = "Q", help_heading = MANY)]
    pub query: Option<String>,

    /// With --all-chats: leave out the chats in FILE (one id a line, # comments)
    #[arg(long, value_name = "FILE", help_heading = MANY)]
    pub exclude: Option<PathBuf>,

    /// Stage in the chats in FILE (one id a line, # comments), in its order
    #[arg(long, value_name = "FILE", help_heading = MANY)]
    pub chats: Option<PathBuf>,

    /// List the chats and say what would be staged; send nothing
    #[arg(long, help_heading = MANY, requires = "bulk")]
    pub dry_run: bool,

    /// Stage without asking (required when stdin is not a terminal)
    #[arg(long, short = 'y', help_heading = MANY, requires = "bulk")]
    pub yes: bool,

    /// Stage again in the chats an earlier run of the same selection staged (after the card changed)
    #[arg(long, help_heading = MANY, requires = "bulk")]
    pub again: bool,

    /// Most requests in flight at once (1–32)
    #[arg(long, value_name = "N", help_heading = MANY, requires = "bulk", default_value_t = crate::fleet::DEFAULT_CONCURRENCY, value_parser = super::fleet_args::concurrency)]
    pub concurrency: usize,
}

impl BulkShareArgs {
    /// Whether this is a run over many chats.
    pub fn is_bulk(&self) -> bool {
        self.all_chats || self.chats.is_some()
    }
}
