//! Profiles: named sets of settings in `$XDG_CONFIG_HOME/bloocard/config.toml`, one per account,
//! so an operator with several keys switches with `--profile NAME` or `BLOOCARD_PROFILE`:
//!
//! ```toml
//! default_profile = "acme"
//!
//! [profile.acme]
//! base_url = "https://backend.blooio.com/v2/api"
//! api_key_command = "pass show blooio/acme"     # or: api_key_file = "~/.config/bloocard/acme.key"
//! from_number = "+14155550123"
//! ```
//!
//! This module reads the file and picks the profile; the precedence against flags and the
//! environment is the CLI's (`cli::settings`).

pub mod key_command;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::config::{ApiKey, read_key_file};

/// How long `api_key_command` may take unless the profile says otherwise.
pub const DEFAULT_KEY_COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// The whole config file. Unknown keys are refused, so a typo is not silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profile: BTreeMap<String, Profile>,
}

/// One `[profile.NAME]` table.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub base_url: Option<String>,
    /// A shell command whose first line of output is the key (run with `sh -c`).
    pub api_key_command: Option<String>,
    /// Seconds `api_key_command` may take (1–600, default 20).
    pub api_key_command_timeout_secs: Option<u64>,
    /// A file whose first line is the key; `~/` is the home directory, a relative path is
    /// relative to the config file's directory.
    pub api_key_file: Option<String>,
    pub from_number: Option<String>,
}

/// The command may hold a secret (`echo bl_live_…` is legal), so `Debug` does not show it.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("base_url", &self.base_url)
            .field(
                "api_key_command",
                &self.api_key_command.as_ref().map(|_| "<hidden>"),
            )
            .field("api_key_file", &self.api_key_file)
            .field("from_number", &self.from_number)
            .finish()
    }
}

/// What asked for a profile; errors name it so the user knows what to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Flag,
    Env,
    DefaultProfile,
}

/// The environment variable that picks a profile.
pub const PROFILE_ENV: &str = "BLOOCARD_PROFILE";

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Via::Flag => "--profile",
            Via::Env => PROFILE_ENV,
            Via::DefaultProfile => "default_profile in the config file",
        })
    }
}

/// The profile in use: its name, what chose it, its settings and the file it came from.
#[derive(Debug, Clone)]
pub struct Selected {
    pub name: String,
    pub via: Via,
    pub profile: Profile,
    pub file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("profile \"{name}\" ({via}): there is no config file (set XDG_CONFIG_HOME or HOME)")]
    NoConfigDir { name: String, via: Via },
    #[error("profile \"{name}\" ({via}): there is no config file at {}", path.display())]
    NoFile {
        name: String,
        via: Via,
        path: PathBuf,
    },
    #[error("could not read the config file {}: {}", path.display(), crate::io_error::Words(source))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {} is not valid ({where_}{message})", path.display())]
    Malformed {
        path: PathBuf,
        where_: String,
        message: String,
    },
    #[error("profile \"{name}\" ({via}) is not in {}; {}", path.display(), known_words(known))]
    Unknown {
        name: String,
        via: Via,
        path: PathBuf,
        known: Vec<String>,
    },
    #[error("profile \"{name}\": {reason}")]
    Invalid { name: String, reason: String },
    /// The key could not be had from the profile's command or file.
    #[error("profile \"{name}\": {reason}")]
    Key { name: String, reason: String },
}

fn known_words(known: &[String]) -> String {
    if known.is_empty() {
        "it has no [profile.NAME] sections".to_owned()
    } else {
        format!("profiles there: {}", known.join(", "))
    }
}

/// Reads the config file: `Ok(None)` when there is none.
pub fn read(path: &Path) -> Result<Option<ConfigFile>, ProfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ProfileError::Unreadable {
                path: path.to_owned(),
                source,
            });
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let where_ = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: ")
            })
            .unwrap_or_default();
        ProfileError::Malformed {
            path: path.to_owned(),
            where_,
            // toml's message can run over several lines; the error is one.
            message: crate::sanitize::clean(e.message().trim()).into_owned(),
        }
    })
}

/// The profile to use: the one asked for (`--profile`, else `BLOOCARD_PROFILE`), else the file's
/// `default_profile`, else none. `file` is where the config file is (`None`: no home directory).
pub fn select(
    asked: Option<(String, Via)>,
    file: Option<&Path>,
) -> Result<Option<Selected>, ProfileError> {
    let config = match file {
        Some(path) => read(path)?,
        None => None,
    };
    let (name, via) = match (asked, &config) {
        (Some(asked), _) => asked,
        (None, Some(config)) => match &config.default_profile {
            Some(name) => (name.clone(), Via::DefaultProfile),
            None => return Ok(None),
        },
        (None, None) => return Ok(None),
    };
    let (Some(path), Some(config)) = (file, config) else {
        return Err(match file {
            None => ProfileError::NoConfigDir { name, via },
            Some(path) => ProfileError::NoFile {
                name,
                via,
                path: path.to_owned(),
            },
        });
    };
    let Some(profile) = config.profile.get(&name).cloned() else {
        return Err(ProfileError::Unknown {
            name: crate::sanitize::clean(&name).into_owned(),
            via,
            path: path.to_owned(),
            known: config.profile.keys().cloned().collect(),
        });
    };
    if profile.api_key_command.is_some() && profile.api_key_file.is_some() {
        return Err(ProfileError::Invalid {
            name,
            reason: "give api_key_command or api_key_file, not both".into(),
        });
    }
    if let Some(secs) = profile.api_key_command_timeout_secs
        && !(1..=600).contains(&secs)
    {
        return Err(ProfileError::Invalid {
            name,
            reason: format!("api_key_command_timeout_secs is {secs}; it must be 1 to 600"),
        });
    }
    Ok(Some(Selected {
        name,
        via,
        profile,
        file: path.to_owned(),
    }))
}

impl Selected {
    /// The key file's path: `~/` expanded, relative paths taken from the config file's directory.
    pub fn key_file(&self) -> Option<PathBuf> {
        let raw = self.profile.api_key_file.as_deref()?;
        let path = crate::paths::expand_tilde(raw, crate::paths::home());
        Some(if path.is_relative() {
            self.file.parent().unwrap_or(Path::new(".")).join(path)
        } else {
            path
        })
    }

    /// The key from the profile's command or file; `Ok(None)` when the profile has neither.
    pub fn api_key(&self) -> Result<Option<ApiKey>, ProfileError> {
        let failed = |reason: String| ProfileError::Key {
            name: self.name.clone(),
            reason,
        };
        if let Some(command) = &self.profile.api_key_command {
            let timeout = self
                .profile
                .api_key_command_timeout_secs
                .map_or(DEFAULT_KEY_COMMAND_TIMEOUT, Duration::from_secs);
            return key_command::run(command, timeout)
                .map(Some)
                .map_err(|e| failed(e.to_string()));
        }
        match self.key_file() {
            Some(path) => read_key_file(&path)
                .map(Some)
                .map_err(|e| failed(e.to_string())),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests;
