//! Drafts: after every update the app says which draft file writes bring the disk in line with
//! the screen; when a card loads it asks for that number's draft and offers to restore it.

use crate::sanitize::{clean, clean_multiline};
use crate::tui::app::{App, Exit, Modal};
use crate::tui::draft::{CardDraft, ComposerDraft, DRAFT_DELAY, Draft};
use crate::tui::keymap::Action;
use crate::tui::msg::{Cmd, DraftCmd, ReqId, WorkerCmd};

impl App {
    /// What is unsaved right now, as a draft of the open card's number (`None`: nothing is).
    pub fn current_draft(&self) -> Option<Draft> {
        let number = self.card.number.clone()?;
        let c = &self.card;
        // The changed fields, the photo as the file it was prepared from.
        let source = c.new_photo.as_ref().map(|p| p.source.clone());
        let card: CardDraft = c.edited().only(&c.changed_fields()).map_avatar(|_| source);
        let m = &self.composer;
        let composer = m.has_unsent().then(|| ComposerDraft {
            chat: m.chat.text(),
            message: m.message.text(),
            attachment: m.attachment.text(),
            attachments: m.attachments.clone(),
            share: m.share,
        });
        let draft = Draft {
            number,
            saved_at_ms: self.now.timestamp_millis(),
            card,
            composer,
        };
        (!draft.is_empty()).then_some(draft)
    }

    /// After every update: the draft commands that bring the file in line with the screen.
    pub(crate) fn draft_cmds(&mut self) -> Vec<Cmd> {
        if !self.config.drafts || self.exit == Some(Exit::Quit) {
            return Vec::new();
        }
        let current = self.current_draft();
        // Until the stored draft of this number has been offered, writing would overwrite it.
        if let Some(d) = &current
            && self.drafts.checked.as_deref() != Some(d.number.as_str())
        {
            return Vec::new();
        }
        let same = |a: &Draft, b: &Draft| {
            a.number == b.number && a.card == b.card && a.composer == b.composer
        };
        match (&self.drafts.last, &current) {
            (None, None) => return Vec::new(),
            (Some(a), Some(b)) if same(a, b) => return Vec::new(),
            _ => {}
        }
        let mut cmds = Vec::new();
        if let Some(old) = &self.drafts.last
            && current.as_ref().map(|d| &d.number) != Some(&old.number)
        {
            cmds.push(Cmd::Draft(DraftCmd::Clear {
                number: old.number.clone(),
            }));
        }
        if let Some(draft) = current.clone() {
            cmds.push(Cmd::Draft(DraftCmd::Save {
                draft: Box::new(draft),
                after: DRAFT_DELAY,
            }));
        }
        self.drafts.last = current;
        cmds
    }

    /// A draft is restored on top of what was read, so it is looked for once a card is read.
    /// Re-reads of the same card (after a save, `r`) do not ask again.
    pub(crate) fn check_draft(&mut self) -> Vec<Cmd> {
        match self.card.number.clone() {
            Some(number)
                if self.config.drafts
                    && self.drafts.checked.as_deref() != Some(number.as_str()) =>
            {
                let id = self.drafts.checking.start(&mut self.ids);
                self.drafts.checking_number = Some(number.clone());
                vec![Cmd::Draft(DraftCmd::Load { id, number })]
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn on_draft(&mut self, id: ReqId, draft: Option<Draft>) -> Vec<Cmd> {
        if !self.drafts.checking.settle(id) {
            return Vec::new();
        }
        let Some(number) = self.drafts.checking_number.take() else {
            return Vec::new();
        };
        if self.card.number.as_deref() != Some(number.as_str()) {
            return Vec::new();
        }
        match draft.filter(|d| d.number == number && !d.is_empty()) {
            None => self.drafts.checked = Some(number),
            Some(d) => match self.modal {
                // Another question is open: leave the draft on disk, unanswered and unwritten,
                // for the next start (this number's edits are not drafted meanwhile).
                Some(Modal::Confirm(_) | Modal::Restore(_)) => {}
                _ => self.ask(Modal::Restore(Box::new(d))),
            },
        }
        Vec::new()
    }

    pub(crate) fn answer_restore(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Modal::Restore(draft)) = self.modal.clone() else {
            return Vec::new();
        };
        let draft = *draft;
        match action {
            Action::Yes => {
                self.close_modal();
                self.drafts.checked = Some(draft.number.clone());
                self.restore(draft)
            }
            Action::No => {
                self.close_modal();
                self.drafts.checked = Some(draft.number.clone());
                self.toast(
                    "Draft kept on disk until you change something on this card",
                    false,
                );
                Vec::new()
            }
            Action::Discard => {
                self.close_modal();
                self.drafts.checked = Some(draft.number.clone());
                self.toast("Draft discarded", false);
                vec![Cmd::Draft(DraftCmd::Clear {
                    number: draft.number,
                })]
            }
            _ => Vec::new(),
        }
    }

    /// Puts the draft's values over the card as loaded: they show as unsaved edits.
    fn restore(&mut self, draft: Draft) -> Vec<Cmd> {
        let c = &mut self.card;
        let d = &draft.card;
        if let Some(first) = &d.first_name {
            c.first.set(&clean(first));
        }
        if let Some(last) = &d.last_name {
            c.last.set(&clean(last));
        }
        let edits = &mut c.edits;
        edits.sharing = d.sharing.or(edits.sharing);
        edits.audience = d.audience.or(edits.audience);
        edits.name_format = d.name_format.or(edits.name_format);
        // Typed since the card loaded wins over the draft's composer.
        let mut cmds = Vec::new();
        if let Some(m) = &draft.composer
            && !self.composer.has_unsent()
        {
            let composer = &mut self.composer;
            composer.chat.set(&clean(&m.chat));
            composer.message.set(&clean_multiline(&m.message));
            composer.attachment.set(&clean(&m.attachment));
            composer.attachments = m
                .attachments
                .iter()
                .map(|a| clean(a).into_owned())
                .collect();
            composer.share = m.share;
            // The restored chat's conversation, as if it had just been typed.
            cmds = self.chat_field_left();
        }
        let when = draft
            .saved_at()
            .map(|t| crate::time_ago::time_ago(t, self.now))
            .unwrap_or_else(|| "earlier".into());
        self.toast(format!("Restored the edits saved {when}"), false);
        match d.avatar.clone() {
            Some(path) if self.card.can_edit_identity() => {
                let id = self.card.preparing.start(&mut self.ids);
                let cells = crate::tui::layout::avatar_cells_for(self.size);
                cmds.push(Cmd::Worker(WorkerCmd::PreparePhoto { id, path, cells }));
            }
            _ => {}
        }
        cmds
    }
}
