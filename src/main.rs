//! The `bloocard` binary: parse arguments, start logging and the runtime, run a subcommand (or the
//! TUI), and turn any error into one line on stderr and an exit code.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

use bloocard::cli::Cli;

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
    match runtime.block_on(bloocard::cli::run::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            eprintln!("bloocard: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
