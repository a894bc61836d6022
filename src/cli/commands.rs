//! One function per subcommand, given its checked input (`checked.rs`). Each returns what to
//! print on stdout; errors go up to `main`, which prints one line on stderr and exits with the
//! error's code.

use chrono::Utc;

use super::args::{CardGetArgs, CardSetArgs, OnOff, SendArgs};
use super::checked::Checked;
use super::error::CliError;
use super::output;
use super::share_input::ShareInput;
use crate::api::{ApiError, CardFields, CardUpdate, Client, SendMessage};

/// What every API command needs.
pub struct Context {
    pub client: Client,
    pub json: bool,
}

/// Runs the checked command.
pub async fn run(ctx: &Context, checked: Checked<'_>) -> Result<String, CliError> {
    match checked {
        Checked::Numbers => numbers(ctx).await,
        Checked::CardGet { number, args } => card_get(ctx, &number, args).await,
        Checked::CardSet { number, args } => card_set(ctx, &number, args).await,
        Checked::Share(ShareInput::One(chat)) => share(ctx, &chat).await,
        Checked::Share(ShareInput::Many { selection, args }) => {
            super::share::run(&ctx.client, ctx.json, &selection, args).await
        }
        Checked::Send {
            chat,
            message,
            idempotency_key,
            args,
        } => send(ctx, &chat, &message, &idempotency_key, args).await,
        Checked::Fleet(action) => super::fleet::run(&ctx.client, ctx.json, action).await,
    }
}

pub async fn numbers(ctx: &Context) -> Result<String, CliError> {
    let reply = ctx.client.list_numbers().await?;
    Ok(if ctx.json {
        output::json(&reply.raw)
    } else {
        output::numbers_table(reply.numbers(), Utc::now())
    })
}

pub async fn card_get(ctx: &Context, number: &str, args: &CardGetArgs) -> Result<String, CliError> {
    let reply = ctx.client.get_card(number).await?;
    let avatar = super::avatar::card_avatar(&reply, args)?;
    let out = if ctx.json {
        output::json(&reply.raw)
    } else {
        output::card_view(number, &reply, &avatar.description)
    };
    match avatar.to_show {
        // The picture goes under the text, so the text is printed first.
        Some(image) => {
            output::print(&out)?;
            super::avatar::show(&image)?;
            Ok(String::new())
        }
        None => Ok(out),
    }
}

/// The card `card set` asks for: the given fields, the photo already prepared (base64).
fn wanted_card(args: &CardSetArgs, avatar: Option<String>) -> CardFields<String> {
    CardFields {
        first_name: args.first_name.clone(),
        last_name: args.last_name.clone(),
        avatar,
        sharing: args.sharing.map(|s| s == OnOff::On),
        audience: args.audience,
        name_format: args.name_format,
    }
}

pub async fn card_set(ctx: &Context, number: &str, args: &CardSetArgs) -> Result<String, CliError> {
    let avatar = match &args.avatar {
        Some(path) => Some(super::avatar::prepare_for_upload(path)?),
        None => None,
    };
    let card = wanted_card(args, avatar);
    let update = CardUpdate::setting(&card, &card.managed());
    let put = match ctx.client.update_card(number, &update).await {
        Ok(put) => put,
        Err(ApiError::Forbidden(server)) if update.touches_name_or_photo() => {
            let hint = plan_hint(&ctx.client, number).await;
            return Err(CliError::Api {
                error: ApiError::Forbidden(server),
                hint,
            });
        }
        Err(e) => return Err(e.into()),
    };
    // The PUT answers with the names only, so the card is re-read to show sharing and avatar too.
    match ctx.client.get_card(number).await {
        Ok(card) if ctx.json => Ok(output::json(&card.raw)),
        Ok(card) => {
            let avatar = super::avatar::describe_card_avatar(&card);
            Ok(format!(
                "Updated.\n{}",
                output::card_view(number, &card, &avatar)
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
                    output::card_view(number, &card, "unknown (not re-read)")
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

pub async fn share(ctx: &Context, chat: &str) -> Result<String, CliError> {
    let reply = ctx.client.share_card(chat).await?;
    Ok(if ctx.json {
        output::json(&reply.raw)
    } else {
        output::share_result(chat, &reply)
    })
}

pub async fn send(
    ctx: &Context,
    chat: &str,
    message: &SendMessage,
    key: &str,
    args: &SendArgs,
) -> Result<String, CliError> {
    let reply = match ctx.client.send_message(chat, message, key).await {
        Ok(reply) => reply,
        Err(error) if error.may_have_arrived() => {
            return Err(CliError::Api {
                error,
                hint: format!(
                    "; it may have been sent: to retry without sending twice, repeat the command \
                     with --idempotency-key {}",
                    crate::sanitize::clean(key)
                ),
            });
        }
        Err(e) => return Err(e.into()),
    };
    // The spec: 202 is a new send, 200 an idempotent replay of an earlier one.
    let replay = (reply.status == 200).then_some(key);
    if ctx.json {
        if let Some(key) = replay {
            eprintln!(
                "bloocard: the idempotency key {} was used before: this is the earlier send's \
                 answer, and nothing new was sent",
                crate::sanitize::clean(key)
            );
        }
        return Ok(output::json(&reply.raw));
    }
    let from = match &message.from_number {
        Some(n) => output::SentFrom::Given(n.clone()),
        None => chosen_sender(&ctx.client, chat, &reply.ids()).await,
    };
    Ok(output::send_result(
        chat,
        &from,
        args.share_contact,
        replay,
        &reply,
    ))
}

/// Which number Blooio sent from when none was given: the send's answer does not say, but the
/// chat's messages name the number each went from (`internal_id`). A failed read is no error:
/// the message went, only its sender is unknown.
async fn chosen_sender(client: &Client, chat: &str, ids: &[String]) -> output::SentFrom {
    let Ok(list) = client.list_messages(chat, 20).await else {
        return output::SentFrom::Unknown;
    };
    list.messages()
        .iter()
        .find(|m| m.message_id.as_ref().is_some_and(|id| ids.contains(id)))
        .and_then(|m| m.internal_id.clone())
        .filter(|n| crate::validate::is_e164(n))
        .map_or(output::SentFrom::Unknown, output::SentFrom::Chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Audience, NameFormat};
    use std::path::PathBuf;

    fn set_args() -> CardSetArgs {
        CardSetArgs {
            number: None,
            first_name: None,
            last_name: None,
            avatar: None::<PathBuf>,
            sharing: None,
            audience: None,
            name_format: None,
        }
    }

    fn update(args: &CardSetArgs) -> CardUpdate {
        let card = wanted_card(args, None);
        CardUpdate::setting(&card, &card.managed())
    }

    #[test]
    fn update_contains_only_given_fields() {
        let mut args = set_args();
        args.last_name = Some("Doe".into());
        args.audience = Some(Audience::AlwaysAsk);
        let body = serde_json::to_string(&update(&args)).unwrap();
        assert_eq!(body, r#"{"last_name":"Doe","sharing":{"audience":1}}"#);

        let mut args = set_args();
        args.sharing = Some(OnOff::Off);
        args.name_format = Some(NameFormat::FirstOnly);
        let body = serde_json::to_string(&update(&args)).unwrap();
        assert_eq!(body, r#"{"sharing":{"enabled":false,"name_format":1}}"#);
    }
}
