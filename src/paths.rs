//! Where bloocard keeps its files: the config file under `$XDG_CONFIG_HOME`, the log and the
//! drafts under `$XDG_STATE_HOME`; the home directory, and `~` in a path the operator typed.
//! Every module asks here instead of building paths itself.

use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/bloocard/config.toml`, else `~/.config/bloocard/config.toml` on every Unix
/// (macOS included, as gh and git do: a terminal user looks there, not in `~/Library`).
pub fn config_file() -> Option<PathBuf> {
    xdg_var("XDG_CONFIG_HOME")
        .or_else(|| home().map(|home| home.join(".config")))
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

/// The operator's home directory (`$HOME`, else the account's), the one place it is looked up.
pub fn home() -> Option<PathBuf> {
    dirs::home_dir()
}

/// `~` and `~/…` become `home`, as a shell would; anything else (and everything when there is no
/// home) is taken as written. `home` is passed in so the TUI's pure update can expand too.
pub fn expand_tilde(raw: &str, home: Option<PathBuf>) -> PathBuf {
    match (raw, home) {
        ("~", Some(home)) => home,
        (r, Some(home)) if r.starts_with("~/") => home.join(&r[2..]),
        (r, _) => PathBuf::from(r),
    }
}

/// The directory an XDG variable names, when it is an absolute path: the spec says a relative
/// one is invalid and is to be ignored.
fn xdg_var(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_to_home() {
        let home = Some(PathBuf::from("/home/op"));
        assert_eq!(
            expand_tilde("~/a.jpg", home.clone()),
            PathBuf::from("/home/op/a.jpg")
        );
        assert_eq!(expand_tilde("~", home.clone()), PathBuf::from("/home/op"));
        assert_eq!(expand_tilde("/x/~y", home), PathBuf::from("/x/~y"));
        assert_eq!(expand_tilde("~/a.jpg", None), PathBuf::from("~/a.jpg"));
    }
}
