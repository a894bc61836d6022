//! Errors at the CLI's edge: each becomes one line on stderr and an exit code.

use crate::api::ApiError;
use crate::config::ConfigError;
use crate::profile::ProfileError;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    /// Bad arguments (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// No key, bad key file, bad or insecure base URL.
    pub const CONFIG: u8 = 3;
    /// The API answered with an error (4xx).
    pub const API: u8 = 4;
    /// The API could not be reached or answered badly (5xx, timeout, network, malformed).
    pub const UNAVAILABLE: u8 = 5;
    /// A local file or image could not be used.
    pub const INPUT: u8 = 6;
    /// `fleet`: some numbers failed (the others were done); rerunning retries only those.
    pub const PARTIAL: u8 = 7;
    /// `fleet plan --exit-code`: something would change.
    pub const CHANGES: u8 = 8;
    /// Something this machine must provide is missing: a terminal for the TUI, a free port for
    /// `demo-server`.
    pub const LOCAL: u8 = 9;
    /// Interrupted by Ctrl-C (128 + SIGINT).
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A configuration error in a value from the environment or a profile, named by `origin`.
    #[error("{origin}: {error}")]
    ConfigFrom { origin: String, error: ConfigError },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("{error}{hint}")]
    Api { error: ApiError, hint: String },
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Local(String),
    #[error("{0}")]
    Other(String),
    #[error("stopped by {name}; the terminal was restored")]
    Signal { name: &'static str, number: i32 },
    /// The command did its work and its result is the exit code (`fleet`: 7, 8, 130); the
    /// message, when not empty, is the one line for stderr.
    #[error("{message}")]
    Outcome { code: u8, message: String },
}

impl From<ApiError> for CliError {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Config(c) => Self::Config(c),
            error => Self::Api {
                error,
                hint: String::new(),
            },
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => exit::USAGE,
            Self::Config(_) | Self::ConfigFrom { .. } | Self::Profile(_) => exit::CONFIG,
            Self::Api { error, .. } => match error {
                ApiError::Config(_) => exit::CONFIG,
                ApiError::Server(_)
                | ApiError::DeviceUnavailable(_)
                | ApiError::Timeout(_)
                | ApiError::Network(_)
                | ApiError::Connect(_)
                | ApiError::Malformed { .. }
                | ApiError::TooLarge { .. } => exit::UNAVAILABLE,
                // The server gave up waiting: a timeout, like our own, not a refusal.
                ApiError::Rejected(s) if s.status == 408 => exit::UNAVAILABLE,
                _ => exit::API,
            },
            Self::Input(_) => exit::INPUT,
            Self::Local(_) => exit::LOCAL,
            Self::Other(_) => 1,
            Self::Signal { number, .. } => u8::try_from(128 + number).unwrap_or(1),
            Self::Outcome { code, .. } => *code,
        }
    }
}

/// Input that breaks a rule is a usage error: nothing was sent.
impl From<crate::validate::Invalid> for CliError {
    fn from(invalid: crate::validate::Invalid) -> Self {
        CliError::Usage(invalid.to_string())
    }
}
