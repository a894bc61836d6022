//! The composer pane: moving between fields, the share checkbox, sending (one idempotency key
//! per logical send, reused on retry), following the sent message's status, staging the card.

use crate::api::{MessageStatus, SendResponse, ShareResponse};
use crate::sanitize::clean;
use crate::tui::app::{App, Modal};
use crate::tui::keymap::Action;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId, WorkerCmd};
use crate::tui::state::composer::{
    ComposerField, MAX_POLLS, SentMessage, poll_delay, validate_chat,
};

use super::details_text;

impl App {
    pub(crate) fn composer_action(&mut self, action: Action) -> Vec<Cmd> {
        let c = &mut self.composer;
        match action {
            Action::Send => return self.send(),
            Action::ChatPicker => return self.open_picker(),
            Action::StageShare => return self.stage(),
            Action::Up => c.move_field(-1),
            Action::Down => c.move_field(1),
            Action::Edit if c.field.is_text() => {
                c.editing = true;
                if let Some(field) = self.composer_text_field() {
                    field.cursor_to_end();
                }
            }
            Action::Toggle => match c.field {
                ComposerField::Share => c.share = !c.share,
                ComposerField::Send => return self.send(),
                ComposerField::StageOnly => return self.stage(),
                _ => {}
            },
            Action::RemoveAttachment if !c.remove_attachment() => {
                self.note("No attachment to remove");
            }
            Action::Refresh => return self.reload_history(),
            Action::Details => match &c.error {
                Some(e) => self.modal = Some(Modal::Details(details_text(e))),
                None => self.note("No error to show details of"),
            },
            _ => {}
        }
        Vec::new()
    }

    pub(crate) fn sending_number(&self) -> Option<String> {
        self.card
            .number
            .clone()
            .or_else(|| self.numbers.selected.clone())
    }

    /// A key for a new logical send, derived from the seed the app was given.
    fn next_send_key(&mut self) -> String {
        self.sends += 1;
        uuid::Uuid::from_u128(self.config.key_seed.wrapping_add(u128::from(self.sends))).to_string()
    }

    pub(crate) fn send(&mut self) -> Vec<Cmd> {
        if self.composer.sending.pending() {
            self.note("Already sending…");
            return Vec::new();
        }
        let from = self.sending_number();
        match self.composer.body(from.as_deref()) {
            Err(problem) => {
                self.toast(format!("Not sent: {problem}"), true);
                Vec::new()
            }
            Ok((chat, body)) => {
                let key = match &self.composer.pending_key {
                    Some((key, c, b)) if *c == chat && *b == body => key.clone(),
                    _ => self.next_send_key(),
                };
                self.composer.pending_key = Some((key.clone(), chat.clone(), body.clone()));
                self.composer.editing = false;
                let id = self.composer.sending.start(&mut self.ids);
                self.composer.error = None;
                self.composer.notice = None;
                vec![Cmd::Worker(WorkerCmd::Send {
                    id,
                    chat,
                    body,
                    idempotency_key: key,
                })]
            }
        }
    }

    pub(crate) fn on_sent(
        &mut self,
        id: ReqId,
        result: Result<SendResponse, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.composer.sending.settle(id) {
            return Vec::new();
        }
        let (chat, from) = self
            .composer
            .pending_key
            .as_ref()
            .map(|(_, c, b)| (c.clone(), b.from_number.clone()))
            .unwrap_or_default();
        match result {
            Ok(resp) => {
                let c = &mut self.composer;
                c.pending_key = None;
                c.message.set("");
                c.attachments.clear();
                c.share = false;
                let message_id = resp.ids().into_iter().next();
                let status = resp.status.clone().unwrap_or_else(|| "queued".into());
                let mut sent = SentMessage {
                    chat: chat.clone(),
                    from,
                    message_id: message_id.clone(),
                    status: status.clone(),
                    polls: 0,
                    poll: Default::default(),
                    error: None,
                };
                let done = MessageStatus {
                    status: Some(status),
                    ..Default::default()
                }
                .is_final();
                let mut cmds = Vec::new();
                // The conversation shows the message just sent (if the chat is still the one shown).
                if self.composer.chat.text().trim() == chat {
                    // Back to the newest, where the message just sent will show.
                    if let Some(h) = self.composer.history.as_mut() {
                        h.scroll = 0;
                    }
                    cmds.extend(self.load_history());
                }
                if let (Some(message_id), false) = (message_id, done) {
                    let id = sent.poll.start(&mut self.ids);
                    cmds.push(Cmd::Worker(WorkerCmd::PollStatus {
                        id,
                        chat,
                        message_id,
                        after: poll_delay(0),
                    }));
                }
                self.composer.sent = Some(sent);
                cmds
            }
            Err(e) => {
                // A send that may have arrived (no answer, an unreadable one, a server error) must
                // be retried under its key. One the server refused is a new send next time.
                if !e.may_have_arrived() {
                    self.composer.pending_key = None;
                }
                self.toast(format!("Not sent: {}", e.sentence), true);
                self.composer.error = Some(e);
                Vec::new()
            }
        }
    }

    pub(crate) fn on_status(
        &mut self,
        id: ReqId,
        result: Result<MessageStatus, ErrorInfo>,
    ) -> Vec<Cmd> {
        let Some(sent) = self.composer.sent.as_mut() else {
            return Vec::new();
        };
        if !sent.poll.settle(id) {
            return Vec::new();
        }
        sent.polls += 1;
        match result {
            Ok(st) => {
                if let Some(s) = st.status.as_deref() {
                    sent.status = clean(s).into_owned();
                }
                sent.error = st.error.as_deref().map(|e| clean(e).into_owned());
                if let Some(message_id) = sent.message_id.clone() {
                    let (status, error) = (sent.status.clone(), sent.error.clone());
                    self.history_status(&message_id, &status, error.as_deref());
                }
                let Some(sent) = self.composer.sent.as_mut() else {
                    return Vec::new();
                };
                if !st.is_final()
                    && sent.polls < MAX_POLLS
                    && let Some(message_id) = sent.message_id.clone()
                {
                    let chat = sent.chat.clone();
                    let after = poll_delay(sent.polls);
                    let id = sent.poll.start(&mut self.ids);
                    return vec![Cmd::Worker(WorkerCmd::PollStatus {
                        id,
                        chat,
                        message_id,
                        after,
                    })];
                }
            }
            Err(e) => sent.error = Some(format!("status unknown: {}", e.sentence)),
        }
        Vec::new()
    }

    pub(crate) fn stage(&mut self) -> Vec<Cmd> {
        let chat = self.composer.chat.text().trim().to_owned();
        if let Err(problem) = validate_chat(&chat) {
            self.toast(format!("Not staged: {problem}"), true);
            return Vec::new();
        }
        let id = self.composer.staging.start(&mut self.ids);
        self.composer.error = None;
        vec![Cmd::Worker(WorkerCmd::StageShare { id, chat })]
    }

    pub(crate) fn on_staged(
        &mut self,
        id: ReqId,
        result: Result<ShareResponse, ErrorInfo>,
    ) -> Vec<Cmd> {
        if self.composer.staging.settle(id) {
            match result {
                Ok(_) => {
                    let chat = self.composer.chat.text();
                    self.composer.error = None;
                    self.composer.notice = Some(format!(
                        "Card staged for {chat}: it rides on the next message."
                    ));
                }
                Err(e) => {
                    self.toast(e.sentence.clone(), true);
                    self.composer.error = Some(e);
                }
            }
        }
        Vec::new()
    }
}
