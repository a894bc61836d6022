//! Dispatch: pick the backend (a real server or the embedded demo), then run the subcommand or the TUI.

use std::io::Write;
use std::time::Duration;

use super::args::{AvatarCommand, CardCommand, Command, DemoServerArgs};
use super::commands::{self, Context};
use super::{Cli, CliError};
use crate::api::{Client, ClientOptions};
use crate::config::{self, ApiKey, DEFAULT_BASE_URL};
use crate::demo::{DemoOptions, DemoServer};

impl From<crate::demo::DemoError> for CliError {
    fn from(e: crate::demo::DemoError) -> Self {
        CliError::Other(e.to_string())
    }
}

/// The client for this run, and the demo server behind it when `--demo` is given (kept alive
/// as long as the client is used).
async fn connect(cli: &Cli) -> Result<(Client, Option<DemoServer>), CliError> {
    if cli.global.demo {
        let server = DemoServer::start(DemoOptions::default()).await?;
        super::fleet::demo_knobs(
            &server.control(),
            cli.global.demo_numbers,
            cli.global.demo_latency_ms,
        );
        let key = ApiKey::new(server.api_key())?;
        let client = Client::new(options(cli, server.base_url().to_owned(), key))?;
        tracing::info!(
            base_url = server.base_url(),
            "using the embedded demo backend"
        );
        return Ok((client, Some(server)));
    }
    let base = cli
        .global
        .base_url
        .clone()
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
    let key = config::resolve_key(cli.global.api_key_file.as_deref())?;
    Ok((Client::new(options(cli, base, key))?, None))
}

fn options(cli: &Cli, base: String, key: ApiKey) -> ClientOptions {
    let mut options = ClientOptions::new(base, key);
    if let Some(secs) = cli.global.timeout_secs {
        options.timeout = Duration::from_secs(secs);
    }
    options
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match &cli.command {
        Some(Command::DemoServer(args)) => return demo_server(args).await,
        // Local work needs no key and no server.
        Some(Command::Avatar {
            action: AvatarCommand::Prepare(args),
        }) => return print(&super::avatar::prepare(args, cli.global.json)?),
        _ => {}
    }
    let (client, demo) = connect(&cli).await?;
    let Some(command) = &cli.command else {
        let options = crate::tui::TuiOptions {
            image: cli.global.image,
            mouse: cli.global.mouse,
            from_number: std::env::var("BLOOIO_FROM_NUMBER")
                .ok()
                .filter(|n| !n.trim().is_empty()),
            // The demo's data lives in memory and its port changes every run: a draft could
            // never be offered back, so none is written.
            drafts_dir: if demo.is_some() {
                None
            } else {
                crate::tui::draft::default_dir()
            },
        };
        let result = crate::tui::run(client, options).await;
        if let Some(server) = demo {
            server.shutdown().await;
        }
        return match result.map_err(|e| CliError::Other(e.to_string()))? {
            crate::tui::Ending::Quit => Ok(()),
            // Scripts and service managers see what a shell would: 128 + the signal's number.
            crate::tui::Ending::Signal(signal) => Err(CliError::Signal {
                name: signal.name,
                number: signal.number,
            }),
        };
    };
    let ctx = Context {
        client,
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
        Command::Fleet { action } => super::fleet::run(&ctx.client, ctx.json, action).await?,
        // Handled before connecting: they need no server.
        Command::Avatar { .. } | Command::DemoServer(_) => String::new(),
    };
    if let Some(server) = demo {
        server.shutdown().await;
    }
    print(&out)
}

pub(crate) fn print(out: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // `bloocard numbers | head -1`: the reader has all it wants, which is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Other(format!("could not write the output: {e}"))),
    }
}

/// Runs the demo backend until Ctrl-C or SIGTERM. The first two lines are for `export`/`eval`.
async fn demo_server(args: &DemoServerArgs) -> Result<(), CliError> {
    let server = DemoServer::start(DemoOptions {
        port: args.port,
        faults: args.faults,
        api_key: None,
    })
    .await?;
    super::fleet::demo_knobs(&server.control(), args.fleet.numbers, args.fleet.latency_ms);
    // Printing the demo key is the point of this command: it is not a real Blooio key.
    print(&format!(
        "BLOOIO_BASE_URL={}\nBLOOIO_API_KEY={}\n",
        server.base_url(),
        server.api_key()
    ))?;
    eprintln!(
        "bloocard: demo backend listening on {}{}; Ctrl-C stops it",
        server.base_url(),
        if args.faults {
            " with fault injection under /__demo/"
        } else {
            ""
        }
    );
    wait_for_stop().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
