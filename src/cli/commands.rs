//! One function per subcommand. Each returns what to print on stdout; errors go up to `main`,
//! which prints one line on stderr and exits with the error's code.

use chrono::Utc;

use super::args::{
    AudienceArg, CardGetArgs, CardSetArgs, NameFormatArg, OnOff, SendArgs, ShareArgs,
};
use super::error::CliError;
use super::output;
use crate::api::{
    ApiError, Attachment, Audience, CardUpdate, Client, MessageText, NameFormat, SendMessage,
    SharingUpdate, new_idempotency_key,
};

/// What every API command needs.
pub struct Context {
    pub client: Client,
    pub json: bool,
}

pub async fn numbers(ctx: &Context) -> Result<String, CliError> {
    let reply = ctx.client.list_numbers().await?;
    Ok(if ctx.json {
        output::json(&reply.raw)
    } else {
        output::numbers_table(reply.numbers(), Utc::now())
    })
}

pub async fn card_get(ctx: &Context, args: &CardGetArgs) -> Result<String, CliError> {
    let reply = ctx.client.get_card(&args.number).await?;
    let avatar = super::avatar::card_avatar(&reply, args)?;
    let out = if ctx.json {
        output::json(&reply.raw)
    } else {
        output::card_view(&args.number, &reply, &avatar.description)
    };
    match avatar.to_show {
        // The picture goes under the text, so the text is printed first.
        Some(image) => {
            super::run::print(&out)?;
            super::avatar::show(&image)?;
            Ok(String::new())
        }
        None => Ok(out),
    }
}

fn card_update(args: &CardSetArgs, avatar: Option<String>) -> CardUpdate {
    let sharing = SharingUpdate {
        enabled: args.sharing.map(|s| s == OnOff::On),
        audience: args.audience.map(|a| {
            match a {
                AudienceArg::Contacts => Audience::ContactsOnly,
                AudienceArg::AlwaysAsk => Audience::AlwaysAsk,
            }
            .to_wire()
        }),
        name_format: args.name_format.map(|f| {
            match f {
                NameFormatArg::Full => NameFormat::FirstAndLast,
                NameFormatArg::First => NameFormat::FirstOnly,
            }
            .to_wire()
        }),
    };
    CardUpdate {
        first_name: args.first_name.clone(),
        last_name: args.last_name.clone(),
        avatar,
        sharing: (!sharing.is_empty()).then_some(sharing),
    }
}

pub async fn card_set(ctx: &Context, args: &CardSetArgs) -> Result<String, CliError> {
    let has_fields = args.first_name.is_some()
        || args.last_name.is_some()
        || args.avatar.is_some()
        || args.sharing.is_some()
        || args.audience.is_some()
        || args.name_format.is_some();
    if !has_fields {
        return Err(CliError::Usage(
            "nothing to change: give at least one of --first-name, --last-name, --avatar, \
             --sharing, --audience, --name-format"
                .into(),
        ));
    }
    let avatar = match &args.avatar {
        Some(path) => Some(super::avatar::prepare_for_upload(path)?),
        None => None,
    };
    let update = card_update(args, avatar);
    let put = match ctx.client.update_card(&args.number, &update).await {
        Ok(put) => put,
        Err(ApiError::Forbidden(server)) if update.touches_name_or_photo() => {
            let hint = plan_hint(&ctx.client, &args.number).await;
            return Err(CliError::Api {
                error: ApiError::Forbidden(server),
                hint,
            });
        }
        Err(e) => return Err(e.into()),
    };
    // The PUT answers with the names only, so the card is re-read to show sharing and avatar too.
    match ctx.client.get_card(&args.number).await {
        Ok(card) if ctx.json => Ok(output::json(&card.raw)),
        Ok(card) => {
            let avatar = super::avatar::describe_card_avatar(&card);
            Ok(format!(
                "Updated.\n{}",
                output::card_view(&args.number, &card, &avatar)
            ))
        }
        Err(e) => {
            eprintln!(
                "bloocard: saved, but the card could not be re-read ({e}); showing what the update returned"
            );
            if ctx.json {
                Ok(output::json(&put.raw))
            } else {
                let card = crate::api::ContactCard {
                    phone_number: put.phone_number.clone(),
                    first_name: put.first_name.clone(),
                    last_name: put.last_name.clone(),
                    ..Default::default()
                };
                Ok(format!(
                    "Updated.\n{}",
                    output::card_view(&args.number, &card, "unknown (not re-read)")
                ))
            }
        }
    }
}

/// Why a 403 happened, in the user's terms: names and photo need a dedicated plan.
async fn plan_hint(client: &Client, number: &str) -> String {
    let plan = match client.list_numbers().await {
        Ok(list) => list
            .numbers()
            .iter()
            .find(|n| n.number() == number)
            .map(|n| n.plan()),
        Err(_) => None,
    };
    match plan {
        Some(plan) if !plan.can_set_name_and_photo() => format!(
            ". Setting the name or photo needs a Dedicated plan, and {} is on the {} plan; \
             sharing settings can still be changed",
            crate::sanitize::clean(number),
            crate::sanitize::clean(plan.label())
        ),
        Some(_) => String::new(),
        None => {
            ". Setting the name or photo needs a Dedicated plan (Commercial or Enterprise)".into()
        }
    }
}

pub async fn share(ctx: &Context, args: &ShareArgs) -> Result<String, CliError> {
    let reply = ctx.client.share_card(&args.chat).await?;
    Ok(if ctx.json {
        output::json(&reply.raw)
    } else {
        output::share_result(&args.chat, &reply)
    })
}

/// Attachments must be absolute http(s) URLs: the server fetches them.
fn parse_attachment(url: &str) -> Result<Attachment, CliError> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.host_str().is_some() => {
            Ok(Attachment::Url(url.to_owned()))
        }
        _ => Err(CliError::Usage(format!(
            "--attach {} is not an http(s) URL",
            crate::sanitize::clean(url)
        ))),
    }
}

pub async fn send(ctx: &Context, args: &SendArgs) -> Result<String, CliError> {
    let text = args.text.clone().filter(|t| !t.is_empty());
    if text.is_none() && args.attachments.is_empty() {
        return Err(CliError::Usage(
            "nothing to send: give --text or at least one --attach".into(),
        ));
    }
    let message = SendMessage {
        text: text.map(MessageText::One),
        attachments: args
            .attachments
            .iter()
            .map(|a| parse_attachment(a))
            .collect::<Result<_, _>>()?,
        share_contact: args.share_contact.then_some(true),
        from_number: args.from.clone(),
    };
    let key = args
        .idempotency_key
        .clone()
        .unwrap_or_else(new_idempotency_key);
    let reply = match ctx.client.send_message(&args.chat, &message, &key).await {
        Ok(reply) => reply,
        Err(error) if may_have_been_sent(&error) => {
            return Err(CliError::Api {
                error,
                hint: format!(
                    "; it may have been sent: to retry without sending twice, repeat the command \
                     with --idempotency-key {}",
                    crate::sanitize::clean(&key)
                ),
            });
        }
        Err(e) => return Err(e.into()),
    };
    Ok(if ctx.json {
        output::json(&reply.raw)
    } else {
        output::send_result(&args.chat, args.from.as_deref(), args.share_contact, &reply)
    })
}

/// Failures after which the server may have queued the message all the same: the request may
/// have arrived, and only the answer was lost or unreadable.
fn may_have_been_sent(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Timeout(_)
            | ApiError::Network(_)
            | ApiError::Malformed { .. }
            | ApiError::TooLarge { .. }
            | ApiError::Server(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn set_args() -> CardSetArgs {
        CardSetArgs {
            number: "+1".into(),
            first_name: None,
            last_name: None,
            avatar: None::<PathBuf>,
            sharing: None,
            audience: None,
            name_format: None,
        }
    }

    #[test]
    fn update_contains_only_given_fields() {
        let mut args = set_args();
        args.last_name = Some("Doe".into());
        args.audience = Some(AudienceArg::AlwaysAsk);
        let body = serde_json::to_string(&card_update(&args, None)).unwrap();
        assert_eq!(body, r#"{"last_name":"Doe","sharing":{"audience":1}}"#);

        let mut args = set_args();
        args.sharing = Some(OnOff::Off);
        args.name_format = Some(NameFormatArg::First);
        let body = serde_json::to_string(&card_update(&args, None)).unwrap();
        assert_eq!(body, r#"{"sharing":{"enabled":false,"name_format":1}}"#);
    }

    #[test]
    fn attachments_must_be_http_urls() {
        assert!(parse_attachment("https://example.com/a.jpg").is_ok());
        assert!(parse_attachment("file:///etc/passwd").is_err());
        assert!(parse_attachment("example.com/a.jpg").is_err());
    }
}
