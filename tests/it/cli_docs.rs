//! `bloocard completions` and `bloocard man` produce what the shells and man(1) accept, and the
//! README's demo-server recipe (`--env-file`) works and returns.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::BIN;

fn local(args: &[&str]) -> common::Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("BLOOIO_API_KEY")
        .env("XDG_STATE_HOME", common::state_dir());
    common::run(cmd)
}

#[test]
fn completions_for_every_shell_and_bash_parses_them() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = local(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("bloocard"), "{shell}");
        assert!(run.stdout.contains("demo-server"), "{shell}");
    }
    let script = local(&["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bloocard.bash");
    std::fs::write(&path, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Sourced, it registers a completion for bloocard that offers the subcommands.
    let probe = format!(
        "source '{}'; COMP_WORDS=(bloocard ca); COMP_CWORD=1; COMP_LINE='bloocard ca'; COMP_POINT=11; \
         _bloocard bloocard ca bloocard; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let out = Command::new("bash").arg("-c").arg(probe).output().unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(offered.lines().any(|l| l == "card"), "offered: {offered}");
    let run = local(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_man_page_renders_with_man() {
    let run = local(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\n.TH bloocard 1 "), "{}", run.stdout);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bloocard.1");
    std::fs::write(&path, &run.stdout).unwrap();
    let out = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .env("PAGER", "cat")
        .env("MANPAGER", "cat")
        .stdin(Stdio::null())
        .output()
        .expect("man(1) is installed (.ci/run installs man-db and groff when missing)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man -l failed: {stderr}");
    assert!(!stderr.contains("warning"), "groff warned: {stderr}");
    // Plain text: drop the overstrike bold/underline man uses without a terminal.
    let text = String::from_utf8_lossy(&out.stdout);
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{8}') {
            chars.next();
            continue;
        }
        plain.push(c);
    }
    for needle in [
        "BLOOCARD CARD SET",
        "--first-name NAME",
        "BLOOCARD AVATAR PREPARE",
        "--force",
        "BLOOCARD DEMO-SERVER",
        "--env-file PATH",
        "EXIT STATUS",
        "--profile",
    ] {
        assert!(plain.contains(needle), "{needle} missing from:\n{plain}");
    }
}

#[test]
fn demo_server_env_file_recipe_returns_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("demo.env");
    let mut server = Command::new(BIN)
        .args(["demo-server", "--env-file"])
        .arg(&env_file)
        .env("XDG_STATE_HOME", common::state_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !env_file.exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "no env file");
        std::thread::sleep(Duration::from_millis(20));
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&env_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The README's recipe, sourcing the file in a shell.
    let script = format!(
        "set -a; . '{}'; set +a; '{BIN}' numbers",
        env_file.display()
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .env_remove("BLOOIO_API_KEY")
        .env_remove("BLOOIO_BASE_URL")
        .env("XDG_STATE_HOME", common::state_dir());
    let run = common::run(cmd);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NUMBER"), "{}", run.stdout);
    // SIGTERM stops it, and the file goes with it.
    Command::new("kill")
        .arg(server.id().to_string())
        .status()
        .unwrap();
    let status = server.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!env_file.exists(), "the env file is removed on exit");
    let _ = std::io::stdout().flush();
}

/// Every command a help text names in backticks exists (issue 19: `--image` pointed at a
/// `capabilities` command there is none of). Walks the help of every (sub)command.
#[test]
fn help_texts_name_only_commands_that_exist() {
    use clap::CommandFactory;
    fn walk(cmd: &mut clap::Command, names: &mut Vec<String>, helps: &mut Vec<String>) {
        helps.push(cmd.render_long_help().to_string());
        for sub in cmd.get_subcommands_mut() {
            names.push(sub.get_name().to_owned());
            walk(sub, names, helps);
        }
    }
    let mut root = bloocard::cli::Cli::command();
    root.build();
    let (mut names, mut helps) = (Vec::new(), Vec::new());
    walk(&mut root, &mut names, &mut helps);
    let mut quoted = 0;
    for help in &helps {
        for (i, span) in help.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            quoted += 1;
            let first = span
                .trim_start_matches("bloocard ")
                .split_whitespace()
                .next()
                .unwrap_or_default();
            assert!(
                first.starts_with('-') || names.iter().any(|n| n == first),
                "`{span}` in a help text is not a bloocard command or option:\n{help}"
            );
        }
    }
    assert!(quoted > 0, "the walk found the backticked names");
}
