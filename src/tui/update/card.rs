//! The card pane outside text editing: reading the card, moving between fields, toggles,
//! buttons, reverting (`u` a field, `U` the card), saving, and the avatar decode.

use crate::api::{Audience, CardUpdateResponse, ContactCard, NameFormat, PlanKind};
use crate::sanitize::clean;
use crate::tui::app::{App, Confirm, Modal};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout;
use crate::tui::msg::{Cmd, ErrorInfo, ReqId, WorkerCmd};
use crate::tui::preview::Preview;
use crate::tui::state::Load;
use crate::tui::state::card::{AvatarView, CardField, CardState};
use crate::tui::state::path_input::{PathInput, PathPurpose};

use super::details_text;

impl App {
    pub(crate) fn on_card(
        &mut self,
        id: ReqId,
        result: Result<ContactCard, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.card.reading.settle(id) {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        match result {
            Ok(card) => {
                self.card.apply_loaded(&card);
                self.card.editing = false;
                let loaded = self
                    .card
                    .baseline
                    .as_ref()
                    .and_then(|b| b.avatar.as_deref());
                match loaded.map(str::to_owned) {
                    Some(base64) => {
                        let id = self.card.decoding.start(&mut self.ids);
                        self.card.avatar = AvatarView::Decoding;
                        let cells = layout::avatar_cells_for(self.size);
                        self.card.avatar_cells = cells;
                        cmds.push(Cmd::Worker(WorkerCmd::DecodeAvatar { id, base64, cells }));
                    }
                    None => self.card.avatar = AvatarView::None,
                }
            }
            Err(e) => self.card.load = Load::Failed(e),
        }
        cmds.extend(self.check_draft());
        cmds
    }

    pub(crate) fn on_avatar_decoded(
        &mut self,
        id: ReqId,
        result: Result<Preview, String>,
    ) -> Vec<Cmd> {
        if self.card.decoding.settle(id) {
            self.card.avatar = match result {
                Ok(p) => AvatarView::Ready(p),
                Err(e) => AvatarView::Failed(e),
            };
        } else if self.card.photo_decoding.settle(id)
            && let (Some(photo), Ok(p)) = (self.card.new_photo.as_mut(), result)
        {
            photo.preview = p;
        }
        Vec::new()
    }

    /// The preview box follows the pane: when its size changes, what is shown is drawn again
    /// at the new size (the old picture stays until the new one is ready).
    pub(crate) fn resize_avatar(&mut self) -> Vec<Cmd> {
        let cells = layout::avatar_cells_for(self.size);
        if cells == self.card.avatar_cells {
            return Vec::new();
        }
        self.redraw_avatar()
    }

    /// Draws what is shown again, at the preview box's current size and with the current
    /// graphics (the old picture stays until the new one is ready).
    pub(crate) fn redraw_avatar(&mut self) -> Vec<Cmd> {
        let cells = layout::avatar_cells_for(self.size);
        let card = &mut self.card;
        if card.number.is_none() {
            return Vec::new();
        }
        card.avatar_cells = cells;
        let mut cmds = Vec::new();
        let loaded = card.baseline.as_ref().and_then(|b| b.avatar.as_deref());
        // A decode still running was started with the old graphics (the first card's avatar is
        // often being decoded when the terminal's answer arrives): start it again, the stale
        // answer is dropped.
        let shown = matches!(card.avatar, AvatarView::Ready(_) | AvatarView::Decoding);
        if let (true, Some(base64)) = (shown, loaded.map(str::to_owned)) {
            let id = card.decoding.start(&mut self.ids);
            cmds.push(Cmd::Worker(WorkerCmd::DecodeAvatar { id, base64, cells }));
        }
        if let Some(base64) = card.new_photo.as_ref().map(|p| p.base64.clone()) {
            let id = card.photo_decoding.start(&mut self.ids);
            cmds.push(Cmd::Worker(WorkerCmd::DecodeAvatar { id, base64, cells }));
        }
        cmds
    }

    pub(crate) fn card_action(&mut self, action: Action) -> Vec<Cmd> {
        let card = &mut self.card;
        match action {
            Action::SaveCard => return self.save_card(),
            Action::Up => card.move_field(-1),
            Action::Down => card.move_field(1),
            Action::Edit => return self.start_editing(),
            Action::Toggle => match card.field {
                CardField::Sharing => {
                    card.edits.sharing = Some(!card.edits.sharing.unwrap_or(false));
                }
                CardField::Audience => {
                    card.edits.audience = Some(flip_audience(card.edits.audience));
                }
                CardField::NameFormat => {
                    card.edits.name_format = Some(flip_format(card.edits.name_format));
                }
                CardField::SetPhoto => return self.card_action(Action::SetPhoto),
                CardField::SaveAvatar => return self.card_action(Action::SaveAvatar),
                CardField::First | CardField::Last => return self.start_editing(),
            },
            Action::RevertField => self.revert_field(),
            Action::RevertCard => match card.changed_fields().len() {
                0 => self.note("Nothing to revert: no field changed"),
                1 => self.revert_card(),
                _ => self.modal = Some(Modal::Confirm(Confirm::RevertCard)),
            },
            Action::SetPhoto => {
                if card.number.is_none() {
                    self.toast("Pick a number first", true);
                } else if let Some(reason) = card.gate_reason() {
                    self.toast(reason, true);
                } else {
                    card.field = CardField::SetPhoto;
                    card.path_input = Some(PathInput::new(PathPurpose::SetPhoto, ""));
                }
            }
            Action::SaveAvatar => self.ask_avatar_path(),
            Action::Refresh => {
                if card.is_dirty() {
                    let (revert, save) = (
                        keymap::label(Context::Card, Action::RevertCard),
                        keymap::label(Context::SaveCard, Action::SaveCard),
                    );
                    self.toast(
                        format!("Revert ({revert}) or save ({save}) your edits before re-reading the card"),
                        true,
                    );
                } else if let Some(number) = card.number.clone() {
                    let id = card.reading.start(&mut self.ids);
                    card.load = Load::Loading;
                    return vec![Cmd::Worker(WorkerCmd::LoadCard { id, number })];
                }
            }
            Action::ApplyToMarked => return self.open_apply(),
            Action::Details => {
                let details = match (&card.save_error, &card.load) {
                    (Some(e), _) | (None, Load::Failed(e)) => Some(details_text(e)),
                    _ => None,
                };
                match details {
                    Some(d) => self.modal = Some(Modal::Details(d)),
                    None => self.note("No error to show details of"),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// `u`: the focused field back as loaded.
    fn revert_field(&mut self) {
        let card = &mut self.card;
        let changed = card.changed_fields();
        match card.field.field().filter(|f| changed.contains(f)) {
            Some(field) => {
                card.revert_field(field);
                card.save_error = None;
                self.toast(format!("Reverted the {}", field.label()), false);
            }
            None => self.note("This field has no unsaved change"),
        }
    }

    /// `o`: the path field, suggesting `~/avatar-<number>.jpg`.
    fn ask_avatar_path(&mut self) {
        let card = &mut self.card;
        if card.edits.avatar.is_none() {
            self.toast("This card has no avatar to save", true);
            return;
        }
        card.field = CardField::SaveAvatar;
        let number = card
            .number
            .as_deref()
            .unwrap_or("avatar")
            .trim_start_matches('+');
        let safe: String = number
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let suggestion = format!("~/avatar-{safe}.jpg");
        card.path_input = Some(PathInput::new(PathPurpose::SaveAvatar, &suggestion));
    }

    /// Enter or `i` on a name: edit it, the cursor at the end.
    fn start_editing(&mut self) -> Vec<Cmd> {
        let card = &mut self.card;
        if !card.field.is_text() {
            return Vec::new();
        }
        if let Some(reason) = card.gate_reason() {
            self.toast(reason, true);
            return Vec::new();
        }
        if !card.editable() && card.baseline.is_none() {
            return Vec::new();
        }
        card.editing = true;
        if let Some(field) = self.card_text_field() {
            field.cursor_to_end();
        }
        Vec::new()
    }

    /// Puts every field back as loaded and says which ones.
    pub(crate) fn revert_card(&mut self) {
        let names = self.card.changed_names();
        self.card.revert();
        self.card.editing = false;
        self.toast(format!("Reverted the {names}"), false);
    }

    pub(crate) fn save_card(&mut self) -> Vec<Cmd> {
        let Some(number) = self.card.number.clone() else {
            self.toast("Pick a number first", true);
            return Vec::new();
        };
        if self.card.saving.pending() {
            self.note("Already saving…");
            return Vec::new();
        }
        if !self.card.is_dirty() {
            self.note("Nothing to save: no field changed");
            return Vec::new();
        }
        let update = self.card.update();
        // Refused here, by the CLI's rule, rather than by the server after a round trip.
        for (label, name) in [("first", &update.first_name), ("last", &update.last_name)] {
            if let Some(problem) = name.as_deref().and_then(crate::validate::name_problem) {
                self.toast(format!("Not saved: the {label} name has {problem}"), true);
                return Vec::new();
            }
        }
        let id = self.card.saving.start(&mut self.ids);
        self.card.save_error = None;
        vec![Cmd::Worker(WorkerCmd::SaveCard { id, number, update })]
    }

    pub(crate) fn on_saved(
        &mut self,
        id: ReqId,
        result: Result<CardUpdateResponse, ErrorInfo>,
    ) -> Vec<Cmd> {
        if !self.card.saving.settle(id) {
            return Vec::new();
        }
        match result {
            Ok(resp) => {
                self.card
                    .commit_saved(resp.first_name.as_deref(), resp.last_name.as_deref());
                let number = self.card.number.clone().unwrap_or_default();
                self.toast(format!("Saved the card of {}", clean(&number)), false);
                if self.quit_once_saved(true) {
                    return Vec::new();
                }
                // The PUT answers with names only: read the card to show avatar and sharing as stored.
                let id = self.card.reading.start(&mut self.ids);
                self.card.load = Load::Loading;
                vec![Cmd::Worker(WorkerCmd::LoadCard { id, number })]
            }
            Err(e) => {
                self.quit_once_saved(false);
                let e = self.explain_save_error(e);
                self.toast(format!("Save failed: {}", e.sentence), true);
                self.card.save_error = Some(e);
                Vec::new()
            }
        }
    }

    fn explain_save_error(&self, mut e: ErrorInfo) -> ErrorInfo {
        if e.status == Some(403) {
            let plan = self.card.plan.clone().unwrap_or(PlanKind::Dedicated);
            let hint = if plan.can_set_name_and_photo() {
                "Setting the name or photo needs a Dedicated plan, and this key must have access to the number.".to_owned()
            } else {
                format!(
                    "Setting the name or photo needs a Dedicated plan; this number is on the {} plan.",
                    clean(plan.label())
                )
            };
            e.sentence = format!("{} {hint}", e.sentence);
        }
        e
    }
}

/// The row a card loaded in place of `old` starts on: its first field, unless the operator had
/// moved off `old`'s first field to one this card can edit too. (A Shared number starts on
/// "Share Name & Photo"; that must not carry over to a Dedicated one, where Enter would then
/// toggle sharing instead of editing the first name.)
pub(crate) fn start_field(old: &CardState, new: &CardState) -> CardField {
    let chosen = old.field;
    if chosen != old.first_field() && chosen.editable_on(new.plan.as_ref()) {
        chosen
    } else {
        new.first_field()
    }
}

fn flip_audience(a: Option<Audience>) -> Audience {
    match a.unwrap_or_default() {
        Audience::ContactsOnly => Audience::AlwaysAsk,
        Audience::AlwaysAsk => Audience::ContactsOnly,
    }
}

fn flip_format(f: Option<NameFormat>) -> NameFormat {
    match f.unwrap_or_default() {
        NameFormat::FirstAndLast => NameFormat::FirstOnly,
        NameFormat::FirstOnly => NameFormat::FirstAndLast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(plan: PlanKind, field: CardField) -> CardState {
        let mut card = CardState::for_number("+15551230001", Some(plan));
        card.field = field;
        card
    }

    #[test]
    fn a_loaded_card_starts_on_its_first_field_unless_the_operator_moved() {
        use CardField::*;
        use PlanKind::{Dedicated, Shared};
        let next = |old: CardState, plan| start_field(&old, &on(plan, First));
        // Shared starts on the toggle; it does not follow to a Dedicated number.
        assert_eq!(next(on(Dedicated, First), Shared), Sharing);
        assert_eq!(next(on(Shared, Sharing), Dedicated), First);
        // A field the operator moved to stays where the new card can edit it...
        assert_eq!(next(on(Dedicated, Audience), Dedicated), Audience);
        assert_eq!(next(on(Shared, NameFormat), Dedicated), NameFormat);
        assert_eq!(next(on(Dedicated, SaveAvatar), Shared), SaveAvatar);
        // ...and not where it cannot.
        assert_eq!(next(on(Dedicated, Last), Shared), Sharing);
        assert_eq!(next(on(Dedicated, SetPhoto), Shared), Sharing);
        assert_eq!(next(on(Dedicated, Last), Dedicated), Last);
        // The first card of a run (no number yet) starts on the first field too.
        assert_eq!(
            start_field(&CardState::default(), &on(Shared, First)),
            Sharing
        );
    }
}
