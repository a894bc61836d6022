use super::*;

fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

const TWO: &str = r#"
default_profile = "acme"

[profile.acme]
base_url = "https://acme.example/v2/api"
api_key_command = "echo bl_live_acme"
from_number = "+14155550123"

[profile.beta]
api_key_file = "beta.key"
"#;

#[test]
fn default_profile_unless_one_is_asked_for() {
    let (_dir, path) = file(TWO);
    let acme = select(None, Some(&path)).unwrap().unwrap();
    assert_eq!(
        (acme.name.as_str(), acme.via),
        ("acme", Via::DefaultProfile)
    );
    assert_eq!(acme.profile.from_number.as_deref(), Some("+14155550123"));
    let beta = select(Some(("beta".into(), Via::Env)), Some(&path))
        .unwrap()
        .unwrap();
    assert_eq!(beta.via, Via::Env);
    // Nothing of acme's leaks into beta.
    assert_eq!(beta.profile.from_number, None);
    assert_eq!(beta.profile.base_url, None);
    assert_eq!(
        beta.key_file().unwrap(),
        path.parent().unwrap().join("beta.key")
    );
}

#[test]
fn no_file_is_fine_until_a_profile_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("config.toml");
    assert!(select(None, Some(&missing)).unwrap().is_none());
    let e = select(Some(("acme".into(), Via::Flag)), Some(&missing)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("profile \"acme\" (--profile): there is no config file at "),
        "{e}"
    );
}

#[test]
fn an_unknown_profile_names_itself_and_the_ones_there_are() {
    let (_dir, path) = file(TWO);
    let e = select(Some(("prod".into(), Via::Env)), Some(&path))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("profile \"prod\" (BLOOCARD_PROFILE) is not in "),
        "{e}"
    );
    assert!(e.ends_with("; profiles there: acme, beta"), "{e}");
}

#[test]
fn a_malformed_file_says_where_on_one_line() {
    let (_dir, path) = file("default_profile = \"a\"\n[profile.a]\nbase_ur = \"x\"\n");
    let e = select(None, Some(&path)).unwrap_err().to_string();
    assert!(
        e.contains("is not valid (line 3: unknown field `base_ur`"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1);
}

#[test]
fn both_key_sources_are_refused() {
    let (_dir, path) = file("[profile.a]\napi_key_command = \"true\"\napi_key_file = \"k\"\n");
    let e = select(Some(("a".into(), Via::Flag)), Some(&path)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "profile \"a\": give api_key_command or api_key_file, not both"
    );
}

#[test]
fn the_key_comes_from_the_command_and_never_shows_in_debug() {
    let (_dir, path) = file(TWO);
    let acme = select(None, Some(&path)).unwrap().unwrap();
    assert_eq!(acme.api_key().unwrap().unwrap().expose(), "bl_live_acme");
    assert!(!format!("{acme:?}").contains("bl_live_acme"));
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_refused_naming_the_profile() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = file(TWO);
    let key = dir.path().join("beta.key");
    std::fs::write(&key, "bl_live_beta\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let beta = select(Some(("beta".into(), Via::Flag)), Some(&path))
        .unwrap()
        .unwrap();
    let e = beta.api_key().unwrap_err().to_string();
    assert!(e.starts_with("profile \"beta\": the API key file "), "{e}");
    assert!(e.contains("can be read by other users"), "{e}");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(beta.api_key().unwrap().unwrap().expose(), "bl_live_beta");
}
