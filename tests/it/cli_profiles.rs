//! Profiles in `$XDG_CONFIG_HOME/bloocard/config.toml`, run as a user would: the binary against
//! the demo backend, its URL and key coming from the profile. Precedence, each failure (exit 3,
//! one line naming the profile, nothing sent), no leak between profiles, and `bloocard config`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{CANARY_KEY, Demo, Run};

const MAYA: &str = "+14155550123";

struct Setup {
    demo: Demo,
    config_home: tempfile::TempDir,
}

impl Setup {
    /// A config file whose profiles point at this demo; `acme` gets its key from a command.
    fn new(extra: &str) -> Setup {
        let demo = Demo::start();
        let config_home = tempfile::tempdir().unwrap();
        let dir = config_home.path().join("bloocard");
        std::fs::create_dir_all(&dir).unwrap();
        let key = dir.join("acme.key");
        std::fs::write(&key, format!("{CANARY_KEY}\n")).unwrap();
        private(&key);
        let text = format!(
            "default_profile = \"acme\"\n\n\
             [profile.acme]\nbase_url = \"{base}\"\napi_key_command = \"cat '{key}'\"\n\
             from_number = \"{MAYA}\"\n\n\
             [profile.other]\nbase_url = \"{base}\"\napi_key_file = \"acme.key\"\n\n{extra}",
            base = demo.base,
            key = key.display(),
        );
        std::fs::write(dir.join("config.toml"), text).unwrap();
        Setup { demo, config_home }
    }

    fn dir(&self) -> PathBuf {
        self.config_home.path().join("bloocard")
    }

    /// The binary with this config home and none of the BLOOIO_* variables.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.demo.command(args);
        cmd.env("XDG_CONFIG_HOME", self.config_home.path())
            .env_remove("BLOOIO_BASE_URL")
            .env_remove("BLOOCARD_PROFILE");
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        common::run(self.command(args))
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        common::run(cmd)
    }
}

fn private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// Exit 3, one line naming `profile` and containing `needle`, and no request made.
fn fails(setup: &Setup, run: &Run, profile: &str, needle: &str) {
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("profile \"{profile}\"")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(needle), "{}", run.stderr);
    assert!(setup.demo.requests().is_empty(), "a request was made");
}

#[test]
fn the_default_profile_gives_url_key_and_number() {
    let setup = Setup::new("");
    let run = setup.run(&["card", "get"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Maya Lindqvist"), "{}", run.stdout);
    // The command's output is the key, and it is nowhere in the log.
    assert!(!setup.demo.log().contains(CANARY_KEY));
    let run = setup.run(&["send", "+14155550999", "--text", "hi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = serde_json::to_value(setup.demo.requests().last().unwrap()).unwrap();
    assert_eq!(
        sent["body"]["from_number"], MAYA,
        "the profile's from_number is --from"
    );
}

#[test]
fn flags_and_environment_win_over_the_profile() {
    let setup = Setup::new("");
    // BLOOIO_FROM_NUMBER beats the profile; the positional beats both.
    let run = setup.run_env(&["card", "get"], &[("BLOOIO_FROM_NUMBER", "+13125550148")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("+13125550148"), "{}", run.stdout);
    // BLOOIO_API_KEY beats the profile's command: a wrong one is what the server sees.
    let run = setup.run_env(&["numbers"], &[("BLOOIO_API_KEY", "bl_live_WRONG_x1")]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    // --base-url beats BLOOIO_BASE_URL, which beats the profile.
    let run = setup.run_env(
        &["numbers", "--base-url", &setup.demo.base],
        &[("BLOOIO_BASE_URL", "http://127.0.0.1:9/v2/api")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_profile_s_number_never_leaks_into_another() {
    let setup = Setup::new("");
    private(&setup.dir().join("acme.key"));
    let run = setup.run(&["--profile", "other", "card", "get"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("which number?"), "{}", run.stderr);
    let run = setup.run_env(
        &["send", "+14155550999", "--text", "hi"],
        &[("BLOOCARD_PROFILE", "other")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sent = serde_json::to_value(setup.demo.requests().last().unwrap()).unwrap();
    assert!(sent["body"].get("from_number").is_none(), "{sent}");
}

#[test]
fn each_failure_exits_3_naming_the_profile_and_sends_nothing() {
    let setup = Setup::new(
        "[profile.failing]\napi_key_command = \"echo 'gpg: decryption failed: No secret key' >&2; exit 2\"\n\n\
         [profile.slow]\napi_key_command = \"sleep 20\"\napi_key_command_timeout_secs = 1\n\n\
         [profile.open]\napi_key_file = \"open.key\"\n\n\
         [profile.gone]\napi_key_file = \"/nonexistent/key\"\n",
    );
    let open = setup.dir().join("open.key");
    std::fs::write(&open, "bl_live_x\n").unwrap();
    let run = setup.run(&["--profile", "nope", "numbers"]);
    fails(&setup, &run, "nope", "(--profile) is not in ");
    assert!(
        run.stderr
            .contains("profiles there: acme, failing, gone, open, other, slow"),
        "{}",
        run.stderr
    );
    let run = setup.run_env(&["numbers"], &[("BLOOCARD_PROFILE", "nope")]);
    fails(&setup, &run, "nope", "(BLOOCARD_PROFILE)");
    let run = setup.run(&["--profile", "failing", "numbers"]);
    fails(
        &setup,
        &run,
        "failing",
        "api_key_command failed (exit 2): gpg: decryption failed: No secret key",
    );
    let run = setup.run(&["--profile", "slow", "numbers"]);
    fails(&setup, &run, "slow", "did not finish within 1 s");
    assert!(run.elapsed.as_secs() < 10, "the timeout ended it");
    let run = setup.run(&["--profile", "open", "numbers"]);
    fails(&setup, &run, "open", "can be read by other users");
    let run = setup.run(&["--profile", "gone", "numbers"]);
    fails(
        &setup,
        &run,
        "gone",
        "could not read the API key file /nonexistent/key",
    );
}

#[test]
fn a_key_command_s_stderr_is_not_shown_when_it_works() {
    let setup = Setup::new(&format!(
        "[profile.chatty]\nbase_url = \"http://127.0.0.1:1/v2/api\"\napi_key_command = \"echo 'unlocking…' >&2; echo {CANARY_KEY}\"\n"
    ));
    let run = setup.run(&[
        "--profile",
        "chatty",
        "--base-url",
        &setup.demo.base.clone(),
        "numbers",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn config_shows_each_setting_and_where_it_came_from() {
    let setup = Setup::new("");
    let run = setup.run_env(&["config"], &[("BLOOCARD_TIMEOUT_SECS", "12")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let row = |label: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} row: {}", run.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        row("profile"),
        "profile acme default_profile in the config file"
    );
    assert_eq!(
        row("base URL"),
        format!("base URL {} profile acme (base_url)", setup.demo.base)
    );
    assert_eq!(
        row("API key"),
        "API key <redacted> profile acme (api_key_command)"
    );
    assert_eq!(
        row("from number"),
        format!("from number {MAYA} profile acme (from_number)")
    );
    assert_eq!(
        row("timeout"),
        "timeout 12 s BLOOCARD_TIMEOUT_SECS (environment)"
    );
    assert!(row("config file").ends_with("config.toml found"));
    assert!(setup.demo.requests().is_empty(), "config sends nothing");

    let run = setup.run(&["config", "--json", "--profile", "other"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["profile"]["value"], "other");
    assert_eq!(v["profile"]["source"], "--profile");
    assert_eq!(v["from_number"]["value"], serde_json::Value::Null);
    assert_eq!(v["api_key"]["value"], "<redacted>");

    let run = setup.run(&["config", "--profile", "nope"]);
    assert_eq!(run.code, 3);
}

#[test]
fn demo_ignores_profiles() {
    let setup = Setup::new("");
    std::fs::write(setup.dir().join("config.toml"), "not = [valid").unwrap();
    let run = setup.run_env(
        &["--demo", "card", "get", MAYA],
        &[("BLOOCARD_PROFILE", "nope")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Maya Lindqvist"));
    let run = setup.run(&["numbers"]);
    assert_eq!(run.code, 3, "without --demo the broken file is an error");
    assert!(
        run.stderr.contains("config.toml is not valid (line 1"),
        "{}",
        run.stderr
    );
}

/// In a real terminal (tmux), a key command that reads the terminal gets nothing the user types:
/// it runs in its own process group, so the read stops it, and the timeout ends it.
#[cfg(unix)]
#[test]
fn a_key_command_cannot_read_the_terminal_in_tmux() {
    let setup = Setup::new(
        "[profile.tty]\napi_key_command = \"read key </dev/tty; echo $key\"\n\
         api_key_command_timeout_secs = 3\n",
    );
    // A shell with job control, as a person has: bloocard is its foreground job.
    let tmux = crate::tmux_support::Tmux::start(120, 30);
    tmux.type_line(&format!(
        "XDG_CONFIG_HOME='{}' {}",
        setup.config_home.path().display(),
        crate::tmux_support::Tmux::command_line(&format!(
            "--profile tty --base-url '{}' numbers",
            setup.demo.base
        )),
    ));
    // What the user types while the command waits must not become the key.
    common::wait_until("bloocard running in the foreground", || {
        let now = tmux.foreground();
        (now == "bloocard").then_some(()).ok_or(now)
    });
    tmux.keys(&["bl_live_typed_by_the_user", "Enter"]);
    let status = tmux.wait_for_shell();
    let text = tmux.history();
    assert_eq!(status, "3", "{text}");
    assert!(
        text.contains("profile \"tty\": api_key_command did not finish within 3 s"),
        "{text}"
    );
    assert!(setup.demo.requests().is_empty(), "nothing was sent");
}
