//! The plain command-line interface: clap definitions, one function per subcommand, and the
//! human and JSON renderings of what the API returned.

pub mod args;
pub mod avatar;
pub mod checked;
pub mod commands;
pub mod config_view;
mod confirm;
pub mod demo_server;
pub mod docs;
pub mod error;
pub mod fleet;
pub mod fleet_args;
mod fleet_progress;
mod fleet_render;
pub mod output;
mod rate_notice;
pub mod run;
pub mod settings;
mod share;
pub mod share_args;
mod share_input;
mod share_progress;
mod share_render;
pub mod usage;

pub use args::Cli;
pub use error::CliError;
