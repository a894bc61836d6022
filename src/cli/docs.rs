//! `bloocard completions SHELL` (clap_complete) and `bloocard man` (clap_mangen): both generated
//! from the clap definition, so they cannot drift from what the binary accepts.

use clap::{Arg, ArgAction, CommandFactory};

use super::args::Cli;
use super::error::CliError;
use super::output::print;

/// The completion script for `shell`, on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "bloocard", &mut out);
    print(&String::from_utf8_lossy(&out))
}

/// bloocard(1) as roff, on stdout.
pub fn man() -> Result<(), CliError> {
    print(&man_page()?)
}

/// The page: clap_mangen's title, name, synopsis, description and global options, then one
/// section per subcommand with its own synopsis and options (clap_mangen would only list them by
/// name and refer to pages of their own), then the exit codes, files and environment.
pub fn man_page() -> Result<String, CliError> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    let failed = |e: std::io::Error| {
        CliError::Other(format!(
            "could not render the man page: {}",
            crate::io_error::Words(&e)
        ))
    };
    man.render_title(&mut out).map_err(failed)?;
    man.render_name_section(&mut out).map_err(failed)?;
    man.render_synopsis_section(&mut out).map_err(failed)?;
    man.render_description_section(&mut out).map_err(failed)?;
    man.render_options_section(&mut out).map_err(failed)?;
    // Each section rendered on its own repeats roff's apostrophe preamble: it is needed once.
    let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let rendered = String::from_utf8_lossy(&out).replace(preamble, "");
    let mut page = format!("{preamble}{rendered}");
    for sub in cmd.get_subcommands() {
        subcommand_sections(&mut page, sub);
    }
    page.push_str(TRAILER);
    Ok(page)
}

/// The card file of `fleet plan|apply` (and what `fleet export` writes), the exit codes and the
/// files, as the README gives them: a `cargo install` user has the man page, not the README.
const TRAILER: &str = r#".SH "CARD FILE"
\fBfleet plan\fR and \fBfleet apply\fR read a TOML file saying what every targeted number's card should show;
\fBfleet export\fR writes one.
.PP
.nf
version = 1
numbers = "all"          # every number on the key; or a list: ["+14155550123", "+13125550148"]

[card]                   # what every targeted number should show; a field left out is not managed
first_name = "Acme"
last_name = "Support"
avatar = "logo.png"      # relative to this file; any photo, prepared as card set \-\-avatar does
sharing = true
audience = "always\-ask"  # contacts | always\-ask
name_format = "full"     # full | first

[number."+14155550123"]  # fields for one number, over [card]; naming a number also targets it
first_name = "Maya"
avatar = { path = "avatars/14155550123.jpg", exact = true }
.fi
.PP
\fBexact = true\fR sends the avatar file byte for byte (a JPEG or PNG) instead of preparing it as a photo; export
writes every avatar so. Names are compared and sent trimmed, at most 64 characters. Names and photo apply only to
numbers on a Dedicated plan; on others they are skipped with the reason, and the sharing fields still apply.
.PP
Unknown keys, wrong types, numbers that are not E.164, other words, \fBversion\fR other than 1, or a file that
manages no field are refused before any request, in one line naming the file, line and column
(\fIcards.toml:6:1: unknown key "frist_name" in [card] ...\fR), with exit 2. A photo that is missing or not an
image exits 6.
.SH "EXIT STATUS"
.TP
\fB0\fR
success
.TP
\fB2\fR
usage error: bad arguments or input that breaks a rule (nothing was sent)
.TP
\fB3\fR
configuration: no or malformed API key, a failing api_key_command, an unknown profile, a bad base URL
.TP
\fB4\fR
the API refused the request (4xx); share \-\-all\-chats/\-\-chats: stopped early, the plan cannot share cards
.TP
\fB5\fR
the API is unavailable (5xx, timeout, network error, unreadable response); share \-\-all\-chats/\-\-chats: stopped, no active number
.TP
\fB6\fR
a local file or image could not be used
.TP
\fB7\fR
fleet: some numbers failed; share \-\-all\-chats/\-\-chats: some chats failed (the others were done; a rerun retries only those)
.TP
\fB8\fR
fleet plan \-\-exit\-code: something would change
.TP
\fB9\fR
the TUI has no terminal, or demo\-server's port is taken
.TP
\fB130\fR
interrupted by Ctrl\-C
.SH FILES
.TP
\fI$XDG_CONFIG_HOME/bloocard/config.toml\fR
profiles (default_profile, [profile.NAME] with base_url, api_key_command, api_key_file, from_number)
.TP
\fI$XDG_STATE_HOME/bloocard/bloocard.log\fR
the log; never written to the terminal
.TP
\fI$XDG_STATE_HOME/bloocard/shares/\fR
the share journal, one file per account and selection (0600): a rerun of share \-\-all\-chats or \-\-chats skips the chats already staged
.TP
\fI$XDG_STATE_HOME/bloocard/applied/\fR
fleet's applied record: the avatar last applied to each number and what the server made of it
.SH ENVIRONMENT
BLOOIO_API_KEY, BLOOIO_BASE_URL, BLOOIO_FROM_NUMBER, BLOOCARD_PROFILE, BLOOCARD_TIMEOUT_SECS,
BLOOCARD_LOG, HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, NO_COLOR
"#;

/// `.SH "BLOOCARD CARD SET"`, its description, synopsis and own options; then its subcommands.
fn subcommand_sections(page: &mut String, cmd: &clap::Command) {
    if cmd.is_hide_set() {
        return;
    }
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_owned();
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            subcommand_sections(page, sub);
        }
        return;
    }
    page.push_str(&format!(".SH \"{}\"\n", escape(&name.to_uppercase())));
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        for paragraph in about.to_string().split("\n\n") {
            page.push_str(&format!("{}\n.PP\n", escape(&paragraph.replace('\n', " "))));
        }
    }
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    page.push_str(&format!("\\fB{}\\fR\n", escape(usage)));
    for arg in cmd.get_arguments() {
        if arg.is_hide_set() || arg.is_global_set() || is_help(arg) {
            continue;
        }
        page.push_str(&format!(".TP\n{}\n", arg_label(arg)));
        let mut help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() && arg.get_action().takes_values() {
            help.push_str(&format!(" [possible values: {}]", values.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && arg.get_action().takes_values() {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        page.push_str(&format!("{}\n", escape(help.trim())));
    }
}

fn is_help(arg: &Arg) -> bool {
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

/// `\fB\-o\fR, \fB\-\-output\fR \fIOUT\fR`, or `\fINUMBER\fR` for a positional.
fn arg_label(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|n| n.to_string())
        .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
    if arg.is_positional() {
        return format!("\\fI{}\\fR", escape(&value));
    }
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("\\fB\\-{}\\fR", escape(&short.to_string())));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    let mut label = names.join(", ");
    if arg.get_action().takes_values() {
        label.push_str(&format!(" \\fI{}\\fR", escape(&value)));
    }
    label
}

/// Text safe in roff: backslashes and hyphens escaped, and no line starting with a control
/// character (`.` or `'`).
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_covers_every_subcommand_and_its_options() {
        let page = man_page().unwrap();
        for section in [
            "BLOOCARD NUMBERS",
            "BLOOCARD CARD GET",
            "BLOOCARD CARD SET",
            "BLOOCARD SHARE",
            "BLOOCARD SEND",
            "BLOOCARD AVATAR PREPARE",
            "BLOOCARD DEMO\\-SERVER",
            "BLOOCARD CONFIG",
            "BLOOCARD COMPLETIONS",
            "EXIT STATUS",
        ] {
            assert!(
                page.contains(&format!(".SH \"{section}\""))
                    || page.contains(&format!(".SH {section}")),
                "{section}"
            );
        }
        assert!(page.contains("\\fB\\-\\-first\\-name\\fR \\fINAME\\fR"));
        assert!(page.contains("\\fB\\-\\-idempotency\\-key\\fR"));
        // The card file's format is in the page itself, not only in the README.
        assert!(page.contains(".SH \"CARD FILE\""));
        assert!(page.contains("[number.\"+14155550123\"]"));
        assert!(
            !page.contains("README"),
            "the page does not send its reader elsewhere"
        );
    }

    #[test]
    fn roff_control_characters_are_escaped() {
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("a-b\\c"), "a\\-b\\ec");
    }
}
