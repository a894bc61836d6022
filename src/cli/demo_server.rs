//! `bloocard demo-server`: the demo backend on loopback until Ctrl-C or SIGTERM, announcing its
//! URL and key on stdout (and, with `--env-file`, in a file a script can wait for).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::args::{DemoFleetArgs, DemoServerArgs};
use super::error::CliError;
use super::output::print;
use crate::demo::{DemoControl, DemoError, DemoOptions, DemoServer};
use crate::safe_write::WriteOptions;

impl From<DemoError> for CliError {
    fn from(e: DemoError) -> Self {
        match e {
            DemoError::Bind { port, ref source }
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                CliError::Local(format!(
                    "port {port} on 127.0.0.1 is already in use; pick another with --port \
                     (--port 0 takes a free one)"
                ))
            }
            DemoError::Bind { .. } => CliError::Local(e.to_string()),
            DemoError::BadKey => CliError::Other(e.to_string()),
        }
    }
}

/// `--numbers`, `--latency-ms`, `--chats` and `--rate-limit` of the demo backend (and their
/// `--demo-…` forms).
pub fn knobs(ctl: &DemoControl, knobs: &DemoFleetArgs) {
    if let Some(n) = knobs.numbers {
        ctl.seed_fleet(usize::from(n));
    }
    if let Some(n) = knobs.chats {
        ctl.seed_chats(n as usize);
    }
    if let Some(ms) = knobs.latency_ms {
        ctl.set_latency(Duration::from_millis(ms));
    }
    if let Some(per_second) = knobs.rate_limit {
        ctl.set_rate_limit(Some(f64::from(per_second)));
    }
}

pub async fn run(args: &DemoServerArgs) -> Result<(), CliError> {
    let server = DemoServer::start(DemoOptions {
        port: args.port,
        faults: args.faults,
        ..DemoOptions::default()
    })
    .await?;
    knobs(&server.control(), &args.fleet);
    // Printing the demo key is the point of this command: it is not a real Blooio key.
    let lines = format!(
        "BLOOIO_BASE_URL={}\nBLOOIO_API_KEY={}\n",
        server.base_url(),
        server.api_key()
    );
    let env_file = match &args.env_file {
        Some(path) => match write_env_file(path, &lines) {
            Ok(()) => Some(EnvFile(path.clone())),
            Err(e) => {
                server.shutdown().await;
                return Err(e);
            }
        },
        None => None,
    };
    print(&lines)?;
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
    drop(env_file);
    Ok(())
}

/// The env file, removed when the server stops: while it exists, the server is listening.
struct EnvFile(PathBuf);

impl Drop for EnvFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Written whole or not at all (a temporary file renamed into place), so a script that waits
/// for the file never reads half of it; 0600, as it holds a key (if only the demo's).
fn write_env_file(path: &Path, lines: &str) -> Result<(), CliError> {
    let options = WriteOptions {
        replace: true,
        private: true,
        never_over: None,
    };
    crate::safe_write::write(path, lines.as_bytes(), options)
        .map_err(|e| CliError::Input(format!("the env file: {e}")))
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
