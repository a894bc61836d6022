//! The `bloocard` binary: parse arguments, start logging and the runtime, run a subcommand (or the
//! TUI), and turn any error into one line on stderr and an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use bloocard::api::{Client, ClientOptions};
use bloocard::cli::args::{CardCommand, Command};
use bloocard::cli::commands::{self, Context};
use bloocard::cli::{Cli, CliError};
use bloocard::config::{self, DEFAULT_BASE_URL};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A missing log is not worth failing a command over; tracing simply has nowhere to write.
    let _ = bloocard::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bloocard: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            eprintln!("bloocard: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn client(cli: &Cli) -> Result<Client, CliError> {
    let base = cli
        .global
        .base_url
        .clone()
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let key = config::resolve_key(cli.global.api_key_file.as_deref())?;
    Ok(Client::new(ClientOptions::new(base, key))?)
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let Some(command) = &cli.command else {
        println!(
            "bloocard: the full-screen TUI is not built yet; see `bloocard --help` for the commands."
        );
        return Ok(());
    };
    let ctx = Context {
        client: client(&cli)?,
        json: cli.global.json,
    };
    let out = match command {
        Command::Numbers => commands::numbers(&ctx).await?,
        Command::Card { action } => match action {
            CardCommand::Get(args) => commands::card_get(&ctx, args).await?,
            CardCommand::Set(args) => commands::card_set(&ctx, args).await?,
        },
        Command::Share(args) => commands::share(&ctx, args).await?,
        Command::Send(args) => commands::send(&ctx, args).await?,
        Command::Avatar { .. } | Command::DemoServer(_) => {
            return Err(CliError::Other("not in this build yet".into()));
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Other(format!("could not write the output: {e}")))
}
