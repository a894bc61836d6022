//! The plain command-line interface: clap definitions, one function per subcommand, and the
//! human and JSON renderings of what the API returned.

pub mod args;
pub mod avatar;
pub mod commands;
pub mod error;
pub mod fleet;
pub mod fleet_args;
mod fleet_progress;
mod fleet_render;
pub mod output;
pub mod run;

pub use args::Cli;
pub use error::CliError;
