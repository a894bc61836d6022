//! Where bloocard keeps its files: the config file under `$XDG_CONFIG_HOME`, the log and the
//! drafts under `$XDG_STATE_HOME`. Every module asks here instead of building paths itself.

use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/bloocard/config.toml`, else `~/.config/bloocard/config.toml` on every Unix
/// (macOS included, as gh and git do: a terminal user looks there, not in `~/Library`).
pub fn config_file() -> Option<PathBuf> {
    xdg_var("XDG_CONFIG_HOME")
        .or_else(|| dirs::home_dir().map(|home| home.join(".config")))
        .map(|dir| dir.join("bloocard").join("config.toml"))
}

/// `$XDG_STATE_HOME/bloocard` (usually `~/.local/state/bloocard`; the platform's local data
/// directory where there is no state directory, as on macOS): the log and the drafts live here.
pub fn state_dir() -> Option<PathBuf> {
    xdg_var("XDG_STATE_HOME")
        .or_else(dirs::state_dir)
        .or_else(dirs::data_local_dir)
        .map(|dir| dir.join("bloocard"))
}

/// The directory an XDG variable names, when it is an absolute path: the spec says a relative
/// one is invalid and is to be ignored.
fn xdg_var(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}
