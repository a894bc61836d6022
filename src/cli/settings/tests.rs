use std::collections::HashMap;

use clap::Parser;

use super::*;
use crate::cli::Cli;

const CONFIG: &str = r#"
default_profile = "acme"

[profile.acme]
base_url = "https://acme.example/v2/api"
api_key_command = "echo bl_live_acme"
from_number = "+14155550123"

[profile.beta]
api_key_command = "echo bl_live_beta"
"#;

struct Case {
    _dir: tempfile::TempDir,
    file: PathBuf,
}

fn config(text: &str) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, text).unwrap();
    Case { _dir: dir, file }
}

fn resolve(case: &Case, args: &[&str], env: &[(&str, &str)]) -> Result<Settings, CliError> {
    let mut argv = vec!["bloocard"];
    argv.extend_from_slice(args);
    argv.push("numbers");
    let cli = Cli::try_parse_from(argv).unwrap();
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| env.get(name).cloned();
    Settings::resolve(&cli.global, &lookup, Some(case.file.clone()))
}

#[test]
fn flags_beat_the_environment_which_beats_the_profile() {
    let case = config(CONFIG);
    let s = resolve(&case, &[], &[]).unwrap();
    assert_eq!(s.profile_name(), Some("acme"));
    assert_eq!(s.base_url.value, "https://acme.example/v2/api");
    assert_eq!(
        s.base_url.source,
        Source::Profile {
            name: "acme".into(),
            key: "base_url"
        }
    );
    assert!(matches!(s.key, KeySource::Profile));
    assert_eq!(s.default_number().unwrap().as_deref(), Some("+14155550123"));

    let env = [
        (BASE_URL_ENV, "https://env.example/v2/api"),
        (FROM_NUMBER_ENV, "+13125550148"),
        (API_KEY_ENV, "bl_live_env"),
    ];
    let s = resolve(&case, &[], &env).unwrap();
    assert_eq!(s.base_url.source, Source::Env(BASE_URL_ENV));
    assert_eq!(s.default_number().unwrap().as_deref(), Some("+13125550148"));
    assert!(matches!(s.key, KeySource::Env));

    let s = resolve(
        &case,
        &[
            "--base-url",
            "https://flag.example/v2/api",
            "--api-key-file",
            "/k",
        ],
        &env,
    )
    .unwrap();
    assert_eq!(s.base_url.value, "https://flag.example/v2/api");
    assert_eq!(s.base_url.source, Source::Flag("--base-url"));
    assert!(matches!(s.key, KeySource::File(_)));
}

#[test]
fn the_flag_beats_the_variable_for_the_profile_and_nothing_leaks_between_them() {
    let case = config(CONFIG);
    let s = resolve(&case, &["--profile", "beta"], &[(PROFILE_ENV, "acme")]).unwrap();
    assert_eq!(s.profile_name(), Some("beta"));
    // beta has no base_url or from_number: acme's (the default profile's) do not fill in.
    assert_eq!(s.base_url.value, DEFAULT_BASE_URL);
    assert_eq!(s.base_url.source, Source::Default);
    assert_eq!(s.default_number().unwrap(), None);
    let env = |_: &str| None;
    assert_eq!(s.api_key(&env).unwrap().expose(), "bl_live_beta");
    let s = resolve(&case, &[], &[(PROFILE_ENV, "beta")]).unwrap();
    assert_eq!(s.profile_name(), Some("beta"));
}

#[test]
fn failures_exit_3_and_name_the_profile() {
    let case = config(
        "[profile.broken]\napi_key_command = \"echo nope >&2; exit 1\"\n\
         [profile.bad_number]\nfrom_number = \"12345\"\napi_key_command = \"echo k\"\n",
    );
    let e = resolve(&case, &["--profile", "missing"], &[]).unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.to_string()
            .contains("profile \"missing\" (--profile) is not in"),
        "{e}"
    );

    let s = resolve(&case, &["--profile", "broken"], &[]).unwrap();
    let e = s.api_key(&|_: &str| None).unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert_eq!(
        e.to_string(),
        "profile \"broken\": api_key_command failed (exit 1): nope"
    );

    let s = resolve(&case, &["--profile", "bad_number"], &[]).unwrap();
    let e = s.default_number().unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.to_string()
            .starts_with("profile \"bad_number\": from_number \"12345\" is not an E.164"),
        "{e}"
    );
}

#[test]
fn environment_errors_name_the_variable() {
    let case = config("");
    let e = resolve(&case, &[], &[(TIMEOUT_ENV, "abc")]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.to_string(),
        "BLOOCARD_TIMEOUT_SECS=\"abc\" is not a number of seconds from 1 to 600"
    );
    let e = resolve(&case, &[], &[(BASE_URL_ENV, "http://api.example.com")]).unwrap_err();
    assert_eq!(e.exit_code(), 3);
    assert!(
        e.to_string().starts_with(
            "BLOOIO_BASE_URL (environment): refusing to send the API key over plain http"
        ),
        "{e}"
    );
    let s = resolve(&case, &[], &[(FROM_NUMBER_ENV, "555")]).unwrap();
    let e = s.default_number().unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.to_string()
            .starts_with("BLOOIO_FROM_NUMBER (environment): \"555\" is not an E.164"),
        "{e}"
    );
}

#[test]
fn the_demo_ignores_profiles_even_a_broken_file() {
    let case = config("this is not toml");
    let s = resolve(
        &case,
        &["--demo", "--profile", "acme"],
        &[(PROFILE_ENV, "x")],
    )
    .unwrap();
    assert!(s.profile.is_none());
    assert!(matches!(s.key, KeySource::Demo));
    assert!(
        resolve(&case, &[], &[]).is_err(),
        "without --demo the file is read"
    );
}
