//! The CLI contract, as scripts rely on it. Global options may come before or after the subcommand.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::api::{Audience, NameFormat};

#[derive(Debug, Parser)]
#[command(
    name = "bloocard",
    version,
    about = "Read, edit and share Blooio iMessage contact cards",
    long_about = "Read, edit and share the contact card (Name & Photo) of your Blooio numbers.\n\n\
                  Without a subcommand, bloocard opens the full-screen TUI.\n\
                  The API key comes from --api-key-file, BLOOIO_API_KEY or a profile in\n\
                  $XDG_CONFIG_HOME/bloocard/config.toml (see `bloocard config`); --demo needs no key."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub tui: TuiArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The heading global options are listed under in every subcommand's help, apart from its own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use this profile of the config file (default: BLOOCARD_PROFILE, else default_profile)
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub profile: Option<String>,

    /// Blooio API base URL (default: BLOOIO_BASE_URL, else the profile's, else Blooio's)
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub base_url: Option<String>,

    /// Read the API key from this file (first line) instead of BLOOIO_API_KEY or the profile
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub api_key_file: Option<PathBuf>,

    /// Run against the built-in demo backend on loopback (no key needed)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub demo: bool,

    /// Print machine-readable JSON instead of text: what the API returned (`avatar prepare`: its report)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// With --demo: seed the demo account with this many numbers (as `demo-server --numbers`)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "N", requires = "demo", value_parser = clap::value_parser!(u16).range(1..=1500))]
    pub demo_numbers: Option<u16>,

    /// With --demo: add this much latency to every demo API request (as `demo-server --latency-ms`)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "MS", requires = "demo", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub demo_latency_ms: Option<u64>,

    /// With --demo: seed the demo account with this many chats (as `demo-server --chats`)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "N", requires = "demo", value_parser = clap::value_parser!(u32).range(1..=crate::demo::MAX_CHATS as i64))]
    pub demo_chats: Option<u32>,

    /// With --demo: rate limit the demo API to R requests a second (as `demo-server --rate-limit`)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "R", requires = "demo", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub demo_rate_limit: Option<u32>,

    /// Seconds to wait for an answer before giving up (default: BLOOCARD_TIMEOUT_SECS, else 30).
    /// Hidden from --help: it exists for slow links and for tests that need a short timeout.
    #[arg(
        long,
        global = true,
        value_name = "SECS",
        hide = true,
        value_parser = clap::value_parser!(u64).range(1..=600)
    )]
    pub timeout_secs: Option<u64>,
}

impl GlobalArgs {
    /// The demo knobs `--demo` was given, as `demo-server` takes them.
    pub fn demo_knobs(&self) -> DemoFleetArgs {
        DemoFleetArgs {
            numbers: self.demo_numbers,
            latency_ms: self.demo_latency_ms,
            chats: self.demo_chats,
            rate_limit: self.demo_rate_limit,
        }
    }
}

/// Options of the TUI only: they are not global, so no subcommand's help lists them.
#[derive(Debug, Args)]
pub struct TuiArgs {
    /// How the TUI draws the avatar preview [default: auto]
    #[arg(long, value_enum)]
    pub image: Option<crate::tui::ImageMode>,

    /// Mouse support in the TUI: click to focus, select and toggle
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the numbers bound to the API key
    Numbers,
    /// Read or change a number's contact card
    Card {
        #[command(subcommand)]
        action: CardCommand,
    },
    /// Stage your card in a chat, or in many: it rides along with the next message sent there
    ///
    /// Blooio stages the card for the chat, not for one of your numbers, so there is no --from:
    /// the card that arrives is that of the number the next message is sent from. To choose it,
    /// send with `bloocard send CHAT --from NUMBER --share-contact`.
    ///
    /// With --all-chats or --chats FILE it stages the card in many chats: it shows the plan
    /// first, asks (or needs --yes without a terminal), stages at most --concurrency at once at
    /// the pace the server accepts, and keeps a journal so that a rerun stages only what failed
    /// or was not done.
    Share(ShareArgs),
    /// Send a message to a chat
    Send(SendArgs),
    /// Work with avatar images locally
    Avatar {
        #[command(subcommand)]
        action: AvatarCommand,
    },
    /// Run the built-in Blooio-compatible demo backend on loopback
    DemoServer(DemoServerArgs),
    /// Show the effective settings and where each came from (the key redacted)
    Config,
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the bloocard(1) man page as roff
    Man,
    /// Keep every number's card in line with one file: plan, apply, export
    Fleet {
        #[command(subcommand)]
        action: super::fleet_args::FleetCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Show a number's card
    Get(CardGetArgs),
    /// Change a number's card; only the given fields are sent
    Set(CardSetArgs),
}

#[derive(Debug, Args)]
pub struct CardGetArgs {
    /// The number, E.164 (default: BLOOIO_FROM_NUMBER, else the profile's from_number)
    pub number: Option<String>,

    /// Print the avatar in the terminal
    #[arg(long)]
    pub show_avatar: bool,

    /// Write the avatar image to this file (an existing file only with --force)
    #[arg(long, value_name = "FILE")]
    pub save_avatar: Option<PathBuf>,

    /// With --save-avatar: replace the file if it exists
    #[arg(long, requires = "save_avatar")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// `--audience` takes the card file's words ([`Audience::word`]), so both say it alike.
impl ValueEnum for Audience {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Self::ContactsOnly => "Share automatically with people in your contacts",
            Self::AlwaysAsk => "Ask before sharing",
        };
        Some(PossibleValue::new(self.word()).help(format!("{help} ({})", self.to_wire())))
    }
}

/// `--name-format` takes the card file's words ([`NameFormat::word`]).
impl ValueEnum for NameFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Self::FirstAndLast => "First and last name",
            Self::FirstOnly => "First name only",
        };
        Some(PossibleValue::new(self.word()).help(format!("{help} ({})", self.to_wire())))
    }
}

#[derive(Debug, Args)]
pub struct CardSetArgs {
    /// The number, E.164 (default: BLOOIO_FROM_NUMBER, else the profile's from_number)
    pub number: Option<String>,

    /// First name recipients see (Dedicated plans only; at most 64 characters; "" clears it)
    #[arg(long, value_name = "NAME")]
    pub first_name: Option<String>,

    /// Last name recipients see (Dedicated plans only; at most 64 characters; "" clears it)
    #[arg(long, value_name = "NAME")]
    pub last_name: Option<String>,

    /// A JPEG/PNG/WebP photo; it is made into a valid avatar first
    #[arg(long, value_name = "FILE")]
    pub avatar: Option<PathBuf>,

    /// Name & Photo sharing
    #[arg(long, value_enum)]
    pub sharing: Option<OnOff>,

    /// Who gets the card without being asked
    #[arg(long, value_enum)]
    pub audience: Option<Audience>,

    /// Which name recipients see
    #[arg(long, value_enum)]
    pub name_format: Option<NameFormat>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["chat", "all_chats", "chats"]))]
pub struct ShareArgs {
    /// Chat: E.164 phone, email, grp_… id, or a comma-separated list
    pub chat: Option<String>,

    #[command(flatten)]
    pub many: super::share_args::BulkShareArgs,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Chat: E.164 phone, email, grp_… id, or a comma-separated list
    pub chat: String,

    /// Message text
    #[arg(long, value_name = "S")]
    pub text: Option<String>,

    /// Attachment URL (repeatable)
    #[arg(long = "attach", value_name = "URL")]
    pub attachments: Vec<String>,

    /// Attach the sending number's contact card to this message (Dedicated plans only: Blooio
    /// refuses it with 403 on other plans)
    #[arg(long)]
    pub share_contact: bool,

    /// Send from this number (default: BLOOIO_FROM_NUMBER, else the profile's from_number; with
    /// none, Blooio picks one of your numbers and bloocard says which)
    #[arg(long = "from", value_name = "NUMBER")]
    pub from: Option<String>,

    /// Reuse this Idempotency-Key (to retry a send from a script without sending twice; a key
    /// used before gets the earlier send's answer, and nothing new is sent)
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AvatarCommand {
    /// Turn a photo into a valid avatar (square JPEG, 500–1024 px, at most 1 MB), locally
    Prepare(AvatarPrepareArgs),
}

#[derive(Debug, Args)]
pub struct AvatarPrepareArgs {
    /// Input photo (JPEG, PNG or WebP)
    #[arg(value_name = "IN")]
    pub input: PathBuf,

    /// Output JPEG (never the input; an existing file only with --force). `-` writes the JPEG
    /// to stdout for a pipe or a redirect (refused when stdout is a terminal, and with --json;
    /// the report then goes to stderr); ./- names a file called -
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,

    /// Replace OUT if it exists (it still may not be the input)
    #[arg(long)]
    pub force: bool,

    /// Output side in pixels (500–1024)
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(500..=1024))]
    pub size: u32,

    /// JPEG quality to start from (1–100)
    #[arg(long, value_name = "Q", default_value_t = 85, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub quality: u8,
}

#[derive(Debug, Args)]
pub struct DemoServerArgs {
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Enable the fault-injection endpoints under /__demo/
    #[arg(long)]
    pub faults: bool,

    /// Also write the two BLOOIO_* lines to this file (0600) once listening; removed on exit
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    #[command(flatten)]
    pub fleet: DemoFleetArgs,
}

/// The demo account at scale; `--demo` takes the same options as `--demo-numbers`,
/// `--demo-latency-ms`, `--demo-chats` and `--demo-rate-limit`.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct DemoFleetArgs {
    /// Seed this many numbers, across plans (the five usual ones first), for `fleet` at scale
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1500))]
    pub numbers: Option<u16>,

    /// Add this much latency to every API request, so concurrency is visible
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub latency_ms: Option<u64>,

    /// Seed this many chats (phones, emails and groups, recent and old, a few whose staging
    /// fails), for `share --all-chats` at scale
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::demo::MAX_CHATS as i64))]
    pub chats: Option<u32>,

    /// Answer 429 with Retry-After past R API requests a second (a token bucket of R)
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rate_limit: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "bloocard",
            "numbers",
            "--json",
            "--base-url",
            "http://127.0.0.1:1",
        ])
        .unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.base_url.as_deref(), Some("http://127.0.0.1:1"));
    }
}
