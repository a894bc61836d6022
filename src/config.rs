//! Where bloocard talks to and with which key: the base URL, the API key (env or key file) and the
//! rules that keep the key from leaking (redacted `Debug`, no plain http beyond loopback).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// The production base URL, as the official SDKs default to.
pub const DEFAULT_BASE_URL: &str = "https://backend.blooio.com/v2/api";

/// Environment variable holding the API key.
pub const API_KEY_ENV: &str = "BLOOIO_API_KEY";

/// An API key. Its `Debug` and `Display` never show the key; only [`ApiKey::expose`] does, and that is
/// called in exactly one place: when building the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Result<Self, ConfigError> {
        let key = key.into().trim().to_owned();
        if key.is_empty() {
            return Err(ConfigError::EmptyKey);
        }
        if key.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ConfigError::MalformedKey);
        }
        Ok(Self(key))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `config_file` is the file this run reads profiles from (`$XDG_CONFIG_HOME` honoured).
    #[error(
        "no API key: set {API_KEY_ENV}, pass --api-key-file PATH, add a profile to {} (see \
         `bloocard config`), or try the demo with --demo",
        config_file.as_deref().map_or_else(
            || "the config file ($XDG_CONFIG_HOME/bloocard/config.toml)".into(),
            |p| crate::sanitize::clean(&p.display().to_string()).into_owned()
        )
    )]
    MissingKey { config_file: Option<PathBuf> },
    #[error("the API key is empty")]
    EmptyKey,
    #[error("the API key file {path} is empty: its first line should be the key")]
    EmptyKeyFile { path: PathBuf },
    #[error("the API key file {path} is {kind}, not a file")]
    KeyFileNotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "the API key contains whitespace or control characters; check the key file or {API_KEY_ENV}"
    )]
    MalformedKey,
    #[error(
        "the API key file {path} can be read by other users (mode {mode:o}); run `chmod 600 {path}` first"
    )]
    KeyFileTooOpen { path: PathBuf, mode: u32 },
    #[error(
        "could not read the API key file {path}: {}",
        crate::io_error::Words(source)
    )]
    KeyFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the base URL {url:?} is not a valid http(s) URL")]
    BadBaseUrl { url: String },
    #[error(
        "refusing to send the API key over plain http to {host}: use https (plain http is only allowed to this machine)"
    )]
    InsecureBaseUrl { host: String },
}

/// Reads the key from a file (first line, trimmed). The file is a secret like the env var, so one
/// that group or others can read is refused rather than used.
pub fn read_key_file(path: &Path) -> Result<ApiKey, ConfigError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|source| ConfigError::KeyFile {
            path: path.to_owned(),
            source,
        })?;
        // A directory's usual mode (755) would otherwise read as "too open".
        if !meta.is_file() {
            return Err(ConfigError::KeyFileNotAFile {
                path: path.to_owned(),
                kind: if meta.is_dir() {
                    "a directory"
                } else {
                    "not a regular file"
                },
            });
        }
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(ConfigError::KeyFileTooOpen {
                path: path.to_owned(),
                mode,
            });
        }
    }
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::KeyFile {
        path: path.to_owned(),
        source,
    })?;
    ApiKey::new(text.lines().next().unwrap_or_default()).map_err(|e| match e {
        ConfigError::EmptyKey => ConfigError::EmptyKeyFile {
            path: path.to_owned(),
        },
        other => other,
    })
}

/// Parses and checks a base URL: http(s) only, and plain http only to a loopback host, since every
/// request carries the key.
pub fn parse_base_url(url: &str) -> Result<reqwest::Url, ConfigError> {
    let bad = || ConfigError::BadBaseUrl {
        url: crate::sanitize::clean(url).into_owned(),
    };
    let parsed = reqwest::Url::parse(url.trim_end_matches('/')).map_err(|_| bad())?;
    let host = parsed.host_str().ok_or_else(bad)?.to_owned();
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback_host(&host) => Ok(parsed),
        "http" => Err(ConfigError::InsecureBaseUrl { host }),
        _ => Err(bad()),
    }
}

/// `localhost` or a loopback address (`127.0.0.0/8`, `::1`), bracketed or not.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_never_shows_in_debug_or_display() {
        let key = ApiKey::new("bl_live_supersecret").unwrap();
        assert!(!format!("{key:?} {key}").contains("supersecret"));
        assert_eq!(key.expose(), "bl_live_supersecret");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(parse_base_url("http://127.0.0.1:8080/v2/api").is_ok());
        assert!(parse_base_url("http://localhost:1/").is_ok());
        assert!(parse_base_url("http://[::1]:9/x").is_ok());
        assert!(parse_base_url("https://backend.blooio.com/v2/api").is_ok());
        assert!(matches!(
            parse_base_url("http://backend.blooio.com/v2/api"),
            Err(ConfigError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            parse_base_url("ftp://x/"),
            Err(ConfigError::BadBaseUrl { .. })
        ));
        assert!(matches!(
            parse_base_url("not a url"),
            Err(ConfigError::BadBaseUrl { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn key_file_must_be_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "bl_live_abc\nsecond line\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read_key_file(&path).unwrap_err();
        assert!(err.to_string().contains("mode 644"), "{err}");
        assert!(!err.to_string().contains("bl_live_abc"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_key_file(&path).unwrap().expose(), "bl_live_abc");
        let missing = read_key_file(&dir.path().join("missing")).unwrap_err();
        assert!(
            missing.to_string().ends_with(": no such file or directory"),
            "{missing}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_or_an_empty_file_is_named_for_what_it_is() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("dir.jpg");
        std::fs::create_dir(&sub).unwrap();
        let e = read_key_file(&sub).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "the API key file {} is a directory, not a file",
                sub.display()
            )
        );
        let empty = dir.path().join("empty.key");
        std::fs::write(&empty, "\n").unwrap();
        std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o600)).unwrap();
        let e = read_key_file(&empty).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "the API key file {} is empty: its first line should be the key",
                empty.display()
            )
        );
    }

    #[test]
    fn whitespace_in_key_is_rejected() {
        assert!(ApiKey::new("  ").is_err());
        assert!(ApiKey::new("a b").is_err());
        assert_eq!(ApiKey::new(" k \n").unwrap().expose(), "k");
    }
}
