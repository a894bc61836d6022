//! A subcommand's input, checked against the rules of [`crate::validate`] before the key is read
//! or anything is sent: a number, a chat, a name, an attachment URL or an idempotency key that
//! breaks its rule is refused here, in one line, with exit 2.

use super::args::{CardCommand, CardGetArgs, CardSetArgs, Command, SendArgs};
use super::error::CliError;
use super::fleet_args::FleetCommand;
use super::settings::Settings;
use crate::api::{Attachment, MessageText, SendMessage, new_idempotency_key};
use crate::validate;

/// What a subcommand will do, its input checked.
pub enum Checked<'a> {
    Numbers,
    CardGet {
        number: String,
        args: &'a CardGetArgs,
    },
    CardSet {
        number: String,
        args: &'a CardSetArgs,
    },
    Share(super::share_input::ShareInput<'a>),
    Send {
        chat: String,
        message: SendMessage,
        idempotency_key: String,
        args: &'a SendArgs,
    },
    /// The card file is read and checked by `fleet` itself, still before any request.
    Fleet(&'a FleetCommand),
}

/// Checks `command`'s input. `None` for the commands that talk to no API (`run` handles them
/// before it gets here).
pub fn check<'a>(
    command: &'a Command,
    settings: &Settings,
) -> Result<Option<Checked<'a>>, CliError> {
    Ok(Some(match command {
        Command::Numbers => Checked::Numbers,
        Command::Card {
            action: CardCommand::Get(args),
        } => {
            let number = number(args.number.as_deref(), settings)?;
            // Refused here, before the card is fetched, rather than after.
            if let Some(path) = &args.save_avatar {
                save_avatar_target(path, args.force)?;
            }
            Checked::CardGet { number, args }
        }
        Command::Card {
            action: CardCommand::Set(args),
        } => {
            let number = number(args.number.as_deref(), settings)?;
            if !has_fields(args) {
                return Err(CliError::Usage(
                    "nothing to change: give at least one of --first-name, --last-name, \
                     --avatar, --sharing, --audience, --name-format"
                        .into(),
                ));
            }
            for (flag, value) in [
                ("--first-name", &args.first_name),
                ("--last-name", &args.last_name),
            ] {
                if let Some(value) = value {
                    validate::name(value).map_err(|e| CliError::Usage(format!("{flag} {e}")))?;
                }
            }
            Checked::CardSet { number, args }
        }
        Command::Share(args) => Checked::Share(super::share_input::check(args)?),
        Command::Send(args) => send(args, settings)?,
        Command::Fleet { action } => Checked::Fleet(action),
        // Listed, not `_`: a new subcommand has to say here whether it talks to the API.
        Command::Avatar { .. }
        | Command::DemoServer(_)
        | Command::Config
        | Command::Completions(_)
        | Command::Man => return Ok(None),
    }))
}

/// The number given, else the default one (`BLOOIO_FROM_NUMBER`, else the profile's).
fn number(given: Option<&str>, settings: &Settings) -> Result<String, CliError> {
    if let Some(number) = given {
        validate::phone_number(number)?;
        return Ok(number.to_owned());
    }
    settings.default_number()?.ok_or_else(|| {
        CliError::Usage(
            "which number? give one (E.164, e.g. +14155550123), or set BLOOIO_FROM_NUMBER or \
             a profile's from_number"
                .into(),
        )
    })
}

/// `--save-avatar FILE`: a file that can be written as asked. `-` is not stdout here (the
/// card's text goes there), a directory is not a file, an existing file needs `--force`.
fn save_avatar_target(path: &std::path::Path, force: bool) -> Result<(), CliError> {
    if path.as_os_str() == "-" {
        return Err(CliError::Usage(
            "--save-avatar - would mix the picture with the card's text on stdout; name a file \
             (./- for a file called -)"
                .into(),
        ));
    }
    crate::safe_write::refuse_directory(path).map_err(super::avatar::write_error)?;
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(super::avatar::write_error(
            crate::safe_write::WriteError::Exists(path.to_owned()),
        ));
    }
    Ok(())
}

fn has_fields(args: &CardSetArgs) -> bool {
    args.first_name.is_some()
        || args.last_name.is_some()
        || args.avatar.is_some()
        || args.sharing.is_some()
        || args.audience.is_some()
        || args.name_format.is_some()
}

fn send<'a>(args: &'a SendArgs, settings: &Settings) -> Result<Checked<'a>, CliError> {
    let chat = validate::chat_id(&args.chat)?;
    let text = args.text.clone().filter(|t| !t.is_empty());
    if text.is_none() && args.attachments.is_empty() {
        return Err(CliError::Usage(
            "nothing to send: give --text or at least one --attach".into(),
        ));
    }
    let attachments = args
        .attachments
        .iter()
        .map(|url| {
            validate::attachment_url(url)
                .map(|()| Attachment::Url(url.clone()))
                .map_err(|e| CliError::Usage(format!("--attach {e}")))
        })
        .collect::<Result<_, _>>()?;
    let from = match &args.from {
        Some(from) => {
            validate::phone_number(from).map_err(|e| CliError::Usage(format!("--from {e}")))?;
            Some(from.clone())
        }
        None => settings.default_number()?,
    };
    let idempotency_key = match &args.idempotency_key {
        Some(key) => {
            validate::idempotency_key(key)
                .map_err(|e| CliError::Usage(format!("--idempotency-key {e}")))?;
            key.clone()
        }
        None => new_idempotency_key(),
    };
    Ok(Checked::Send {
        chat,
        message: SendMessage {
            text: text.map(MessageText::One),
            attachments,
            share_contact: args.share_contact.then_some(true),
            from_number: from,
        },
        idempotency_key,
        args,
    })
}
