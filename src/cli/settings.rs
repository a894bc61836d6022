//! The effective settings of one run and where each came from. Precedence: flags, then the
//! `BLOOIO_*` environment, then the profile, then the defaults. `--demo` ignores profiles: the
//! embedded backend brings its own URL and key.

use std::fmt;
use std::path::PathBuf;

use super::args::GlobalArgs;
use super::error::CliError;
use crate::config::{self, API_KEY_ENV, ApiKey, ConfigError, DEFAULT_BASE_URL};
use crate::profile::{self, PROFILE_ENV, Selected, Via};

pub const BASE_URL_ENV: &str = "BLOOIO_BASE_URL";
pub const FROM_NUMBER_ENV: &str = "BLOOIO_FROM_NUMBER";
pub const TIMEOUT_ENV: &str = "BLOOCARD_TIMEOUT_SECS";
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Profile { name: String, key: &'static str },
    Demo,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => f.write_str(flag),
            Source::Env(var) => write!(f, "{var} (environment)"),
            Source::Profile { name, key } => write!(f, "profile {name} ({key})"),
            Source::Demo => f.write_str("--demo"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

fn setting<T>(value: T, source: Source) -> Setting<T> {
    Setting { value, source }
}

/// Where the API key will come from; it is only read when a request needs it.
#[derive(Debug, Clone)]
pub enum KeySource {
    File(PathBuf),
    Env,
    /// The profile's `api_key_command` or `api_key_file`.
    Profile,
    Demo,
    Missing,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub config_file: Option<PathBuf>,
    pub profile: Option<Selected>,
    pub base_url: Setting<String>,
    pub key: KeySource,
    pub from_number: Option<Setting<String>>,
    pub timeout_secs: Setting<u64>,
}

/// Reads one environment variable; set but empty counts as unset, as it does for clap.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Settings {
    /// Everything but the key, which [`Settings::api_key`] reads when it is needed.
    pub fn resolve(
        global: &GlobalArgs,
        env: EnvLookup,
        config_file: Option<PathBuf>,
    ) -> Result<Settings, CliError> {
        let timeout_secs = timeout(global, env)?;
        let from_env = env(FROM_NUMBER_ENV).map(|n| setting(n, Source::Env(FROM_NUMBER_ENV)));
        if global.demo {
            return Ok(Settings {
                config_file,
                profile: None,
                base_url: setting(String::new(), Source::Demo),
                key: KeySource::Demo,
                from_number: from_env,
                timeout_secs,
            });
        }
        let asked = match (&global.profile, env(PROFILE_ENV)) {
            (Some(name), _) => Some((name.clone(), Via::Flag)),
            (None, Some(name)) => Some((name, Via::Env)),
            (None, None) => None,
        };
        let profile = profile::select(asked, config_file.as_deref())?;
        let from_profile = |key: &'static str, value: &Option<String>| {
            profile.as_ref().zip(value.clone()).map(|(p, v)| {
                setting(
                    v,
                    Source::Profile {
                        name: p.name.clone(),
                        key,
                    },
                )
            })
        };
        let p = profile
            .as_ref()
            .map(|p| p.profile.clone())
            .unwrap_or_default();
        let base_url = global
            .base_url
            .clone()
            .map(|u| setting(u, Source::Flag("--base-url")))
            .or_else(|| env(BASE_URL_ENV).map(|u| setting(u, Source::Env(BASE_URL_ENV))))
            .or_else(|| from_profile("base_url", &p.base_url))
            .unwrap_or_else(|| setting(DEFAULT_BASE_URL.to_owned(), Source::Default));
        let key = if let Some(path) = &global.api_key_file {
            KeySource::File(path.clone())
        } else if env(API_KEY_ENV).is_some() {
            KeySource::Env
        } else if p.api_key_command.is_some() || p.api_key_file.is_some() {
            KeySource::Profile
        } else {
            KeySource::Missing
        };
        let settings = Settings {
            config_file,
            base_url,
            key,
            from_number: from_env.or_else(|| from_profile("from_number", &p.from_number)),
            timeout_secs,
            profile,
        };
        settings.check_base_url()?;
        Ok(settings)
    }

    /// The base URL is checked here, so the error can name the variable or profile it came from.
    fn check_base_url(&self) -> Result<(), CliError> {
        config::parse_base_url(&self.base_url.value)
            .map(|_| ())
            .map_err(|error| self.config_error(&self.base_url.source, error))
    }

    fn config_error(&self, source: &Source, error: ConfigError) -> CliError {
        match source {
            Source::Flag(_) | Source::Default | Source::Demo => CliError::Config(error),
            Source::Env(_) | Source::Profile { .. } => CliError::ConfigFrom {
                origin: source.to_string(),
                error,
            },
        }
    }

    pub fn profile_name(&self) -> Option<&str> {
        self.profile.as_ref().map(|p| p.name.as_str())
    }

    /// The key, read from where [`Settings::key`] says (running the profile's command if that is
    /// where it is). The demo's key is the demo server's, so it is not read here.
    pub fn api_key(&self, env: EnvLookup) -> Result<ApiKey, CliError> {
        match &self.key {
            KeySource::File(path) => Ok(config::read_key_file(path)?),
            KeySource::Env => match env(API_KEY_ENV) {
                Some(key) => ApiKey::new(key)
                    .map_err(|error| self.config_error(&Source::Env(API_KEY_ENV), error)),
                None => Err(self.missing_key()),
            },
            KeySource::Profile => match &self.profile {
                Some(profile) => profile.api_key()?.ok_or_else(|| self.missing_key()),
                None => Err(self.missing_key()),
            },
            KeySource::Demo => Err(CliError::Other("the demo brings its own key".into())),
            KeySource::Missing => Err(match self.profile_name() {
                Some(name) => CliError::Profile(profile::ProfileError::Invalid {
                    name: name.to_owned(),
                    reason: format!(
                        "it has no api_key_command or api_key_file, and {API_KEY_ENV} is not set"
                    ),
                }),
                None => self.missing_key(),
            }),
        }
    }

    /// "No API key", naming the config file this run reads, where a profile would go.
    fn missing_key(&self) -> CliError {
        ConfigError::MissingKey {
            config_file: self.config_file.clone(),
        }
        .into()
    }

    /// The default number (`BLOOIO_FROM_NUMBER`, else the profile's `from_number`), checked
    /// against the E.164 rule. A bad one in the environment is a usage error naming the
    /// variable; one in a profile is that profile's error.
    pub fn default_number(&self) -> Result<Option<String>, CliError> {
        let Some(number) = &self.from_number else {
            return Ok(None);
        };
        match crate::validate::phone_number(&number.value) {
            Ok(()) => Ok(Some(number.value.clone())),
            Err(invalid) => Err(match &number.source {
                Source::Profile { name, key } => {
                    CliError::Profile(profile::ProfileError::Invalid {
                        name: name.clone(),
                        reason: format!("{key} {invalid}"),
                    })
                }
                source => CliError::Usage(format!("{source}: {invalid}")),
            }),
        }
    }
}

/// `--timeout-secs` (range-checked by clap), else `BLOOCARD_TIMEOUT_SECS`, else 30.
fn timeout(global: &GlobalArgs, env: EnvLookup) -> Result<Setting<u64>, CliError> {
    if let Some(secs) = global.timeout_secs {
        return Ok(setting(secs, Source::Flag("--timeout-secs")));
    }
    match env(TIMEOUT_ENV) {
        None => Ok(setting(DEFAULT_TIMEOUT_SECS, Source::Default)),
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(secs) if (1..=600).contains(&secs) => Ok(setting(secs, Source::Env(TIMEOUT_ENV))),
            _ => Err(CliError::Usage(format!(
                "{TIMEOUT_ENV}=\"{}\" is not a number of seconds from 1 to 600",
                crate::sanitize::clean(&raw)
            ))),
        },
    }
}

#[cfg(test)]
mod tests;
