//! Dispatch: resolve the settings, check the command's input, pick the backend (a real server
//! or the embedded demo), then run the subcommand or the TUI.

use std::io::IsTerminal;
use std::time::Duration;

use super::args::{AvatarCommand, Command};
use super::commands::{self, Context};
use super::output::print;
use super::settings::{Settings, process_env};
use super::{Cli, CliError};
use crate::api::{Client, ClientOptions};
use crate::config::ApiKey;
use crate::demo::{DemoOptions, DemoServer};

/// The client for this run, and the demo server behind it when `--demo` is given (kept alive
/// as long as the client is used).
async fn connect(cli: &Cli, settings: &Settings) -> Result<(Client, Option<DemoServer>), CliError> {
    if cli.global.demo {
        let server = DemoServer::start(DemoOptions::default()).await?;
        super::demo_server::knobs(&server.control(), &cli.global.demo_knobs());
        let key = ApiKey::new(server.api_key())?;
        // On loopback: no proxy from the environment is used for it (api/connection.rs).
        let client = Client::new(options(settings, server.base_url().to_owned(), key))?;
        tracing::info!(
            base_url = server.base_url(),
            "using the embedded demo backend"
        );
        return Ok((client, Some(server)));
    }
    let key = settings.api_key(&process_env)?;
    let options = options(settings, settings.base_url.value.clone(), key);
    Ok((Client::new(options)?, None))
}

fn options(settings: &Settings, base: String, key: ApiKey) -> ClientOptions {
    let mut options = ClientOptions::new(base, key);
    options.timeout = Duration::from_secs(settings.timeout_secs.value);
    options
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    // Commands that need no settings, no key and no server.
    match &cli.command {
        Some(Command::DemoServer(args)) => return super::demo_server::run(args).await,
        Some(Command::Avatar {
            action: AvatarCommand::Prepare(args),
        }) => return print(&super::avatar::prepare(args, cli.global.json)?),
        Some(Command::Completions(args)) => return super::docs::completions(args.shell),
        Some(Command::Man) => return super::docs::man(),
        _ => {}
    }
    if cli.command.is_some() && (cli.tui.image.is_some() || cli.tui.mouse) {
        return Err(CliError::Usage(
            "--image and --mouse are options of the TUI, which runs without a subcommand".into(),
        ));
    }
    let settings = Settings::resolve(&cli.global, &process_env, crate::paths::config_file())?;
    let Some(command) = &cli.command else {
        return tui(&cli, &settings).await;
    };
    if let Command::Config = command {
        return super::config_view::show(&settings, &process_env, cli.global.json);
    }
    // Everything the user typed is checked before the key is read or a request is made.
    let Some(checked) = super::checked::check(command, &settings)? else {
        return Ok(());
    };
    let (client, demo) = connect(&cli, &settings).await?;
    let ctx = Context {
        client,
        json: cli.global.json,
    };
    let out = commands::run(&ctx, checked).await;
    if let Some(server) = demo {
        server.shutdown().await;
    }
    print(&out?)
}

/// The full-screen TUI, which needs a terminal on both sides.
async fn tui(cli: &Cli, settings: &Settings) -> Result<(), CliError> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CliError::Local(if cli.global.demo {
            "--demo opens the TUI, which needs a terminal, and stdin or stdout is not one; \
             add a subcommand for a script (bloocard --demo numbers)"
                .into()
        } else {
            "the TUI needs a terminal, and stdin or stdout is not one; give a subcommand for a \
             script (bloocard --help lists them)"
                .into()
        }));
    }
    let from_number = settings.default_number()?;
    let (client, demo) = connect(cli, settings).await?;
    let options = crate::tui::TuiOptions {
        image: cli.tui.image.unwrap_or_default(),
        mouse: cli.tui.mouse,
        from_number,
        profile: settings.profile_name().map(str::to_owned),
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
    match result.map_err(|e| CliError::Other(e.to_string()))? {
        crate::tui::Ending::Quit => Ok(()),
        // Scripts and service managers see what a shell would: 128 + the signal's number.
        crate::tui::Ending::Signal(signal) => Err(CliError::Signal {
            name: signal.name,
            number: signal.number,
        }),
    }
}
