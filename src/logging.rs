//! Logging goes to a file in the XDG state directory, never to the terminal (the TUI owns the
//! screen, and scripts own stdout/stderr). `BLOOCARD_LOG` sets the filter (default `info`).

use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::sync::Mutex;

/// `$XDG_STATE_HOME/bloocard/bloocard.log` (or the platform's equivalent).
pub fn log_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|dir| dir.join("bloocard.log"))
}

fn open_log(path: &PathBuf) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Starts file logging. Failing to open the log is not worth failing the command: it returns the
/// reason, and the caller carries on without a log.
pub fn init() -> Result<PathBuf, String> {
    let path = log_path().ok_or("no state directory for the log file")?;
    let file = open_log(&path)
        .map_err(|e| format!("{}: {}", path.display(), crate::io_error::Words(&e)))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("BLOOCARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok(path)
}
