//! clap's own errors, trimmed: the error (with the values it accepts), at most one tip, and where
//! to read more. Its full usage block and blank lines would turn one mistake into seven lines.

use clap::error::ErrorKind;

use super::error::exit;

/// Prints `e` as bloocard prints errors and returns the exit code. Help and version are not
/// errors: they print in full, on stdout. `argv` names the subcommand for the `--help` hint.
pub fn report(e: &clap::Error, argv: &[String]) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            exit::OK
        }
        _ => {
            eprint!(
                "{}",
                trimmed(&e.render().to_string(), &subcommand_path(argv))
            );
            exit::USAGE
        }
    }
}

/// `error: …` → `bloocard: …`, its `[possible values: …]` kept on the line, then the first tip,
/// then `Try 'bloocard SUBCOMMAND --help'.`; a missing subcommand lists the ones there are.
pub fn trimmed(rendered: &str, usage: &str) -> String {
    let mut lines = rendered.lines().map(str::trim_end);
    let mut first = String::new();
    let mut tip = None;
    let mut listing = false;
    for line in lines.by_ref() {
        let line = line.trim();
        if line.starts_with("Usage:") {
            break;
        }
        if let Some(error) = line.strip_prefix("error: ") {
            first = error.to_owned();
            // "the following required arguments were not provided:" lists them on the lines
            // below; the list is the point of the message, so it joins the line.
            listing = first.ends_with(':');
        } else if listing && !line.is_empty() && !line.starts_with("tip:") {
            let sep = if first.ends_with(':') { " " } else { ", " };
            first = format!("{first}{sep}{line}");
        } else if line.starts_with('[') && !first.is_empty() {
            first = format!("{first} {line}");
        } else if line.starts_with("tip:") && tip.is_none() {
            tip = Some(line.to_owned());
        }
    }
    if first.is_empty() {
        // Help shown for a missing subcommand: name the subcommands instead of printing it all.
        let commands = subcommands(rendered);
        first = if commands.is_empty() {
            format!("'{usage}' needs more arguments")
        } else {
            format!("'{usage}' needs a subcommand: {}", commands.join(", "))
        };
    }
    let mut out = format!("bloocard: {first}\n");
    if let Some(tip) = tip {
        out.push_str(&format!("  {tip}\n"));
    }
    out.push_str(&format!("Try '{usage} --help'.\n"));
    out
}

/// `bloocard --json card set +1… --audience x` → `bloocard card set`: the subcommands named on
/// the command line (clap does not say which one an error belongs to).
pub fn subcommand_path(argv: &[String]) -> String {
    let mut cmd = <super::Cli as clap::CommandFactory>::command();
    let mut path = vec!["bloocard".to_owned()];
    for arg in argv.iter().skip(1) {
        if arg == "--" {
            break;
        }
        let Some(sub) = cmd.find_subcommand(arg).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_owned());
        cmd = sub;
    }
    path.join(" ")
}

/// The names listed under `Commands:` in a help text.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn error_for(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).unwrap_err();
        let argv: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        trimmed(&e.render().to_string(), &subcommand_path(&argv))
    }

    #[test]
    fn an_unknown_flag_is_one_line_a_tip_and_a_hint() {
        let out = error_for(&["bloocard", "numbers", "--jsn"]);
        assert_eq!(
            out,
            "bloocard: unexpected argument '--jsn' found\n  tip: a similar argument exists: '--json'\nTry 'bloocard numbers --help'.\n"
        );
    }

    #[test]
    fn a_bad_value_keeps_the_possible_values() {
        let out = error_for(&["bloocard", "card", "set", "--audience", "sometimes"]);
        assert!(out.starts_with(
            "bloocard: invalid value 'sometimes' for '--audience <AUDIENCE>' [possible values: contacts, always-ask]\n"
        ), "{out}");
        assert!(out.ends_with("Try 'bloocard card set --help'.\n"), "{out}");
        assert!(out.lines().count() <= 3);
    }

    #[test]
    fn missing_arguments_are_named() {
        let out = error_for(&["bloocard", "send"]);
        assert!(
            out.starts_with("bloocard: the following required arguments were not provided: <CHAT>"),
            "{out}"
        );
        let out = error_for(&["bloocard", "card", "get", "+14155550123", "--force"]);
        assert!(out.contains("not provided: --save-avatar <FILE>"), "{out}");
        assert!(out.lines().count() <= 3, "{out}");
    }

    #[test]
    fn a_missing_subcommand_names_the_ones_there_are() {
        let out = error_for(&["bloocard", "card"]);
        assert_eq!(
            out,
            "bloocard: 'bloocard card' needs a subcommand: get, set\nTry 'bloocard card --help'.\n"
        );
    }

    #[test]
    fn every_usage_error_is_at_most_three_lines() {
        for args in [
            &["bloocard", "nope"][..],
            &["bloocard", "send"],
            &["bloocard", "avatar", "prepare", "in.jpg"],
            &["bloocard", "completions", "tcsh"],
            &["bloocard", "--timeout-secs", "0", "numbers"],
            &["bloocard", "numbers", "--image", "off"],
        ] {
            let out = error_for(args);
            assert!(out.lines().count() <= 3, "{args:?}: {out}");
            assert!(out.starts_with("bloocard: "), "{args:?}: {out}");
        }
    }
}
