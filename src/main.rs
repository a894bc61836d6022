//! The `bloocard` binary: parse arguments, start logging and the runtime, run a subcommand (or the
//! TUI), and turn any error into one line on stderr and an exit code.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

use bloocard::cli::Cli;

fn main() -> ExitCode {
    // Paths need not be UTF-8, so clap gets the arguments as they are; the lossy copy only
    // names the subcommand in an error's `--help` hint.
    let cli = match Cli::try_parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let argv: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return ExitCode::from(bloocard::cli::usage::report(&e, &argv));
        }
    };
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
    match runtime.block_on(bloocard::cli::run::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            // One line, and nothing in it acts on the terminal, whatever part came from the
            // server or a file (each part is cleaned where it is made; this is the last net).
            // An outcome's line may come word-wrapped to the terminal (share), so it keeps its rows.
            let text = e.to_string();
            let message = if matches!(e, bloocard::cli::CliError::Outcome { .. }) {
                bloocard::sanitize::clean_multiline(&text).into_owned()
            } else {
                bloocard::sanitize::clean(&text).into_owned()
            };
            // An outcome such as "changes pending" (exit 8) has nothing more to say.
            if !message.is_empty() {
                eprintln!("bloocard: {message}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
