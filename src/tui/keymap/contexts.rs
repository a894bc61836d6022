//! Where a binding applies (`Context`) and, for each context, the one row of the routing table:
//! the `update/` file that handles its actions (`Handler`, read by the router in
//! `update/keys.rs`) and the section of the `?` overlay that lists its keys (`Section`, read by
//! `ui/help.rs`). Which contexts are active, and in what order, is `App::contexts`.

/// Declared in the order the help lists them within each section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Context {
    /// Keys that work in every state, overlays included: force-quit.
    Always,
    /// The composer's keys that work from every pane (^P picks a chat, ^T stages the card).
    ComposerAnywhere,
    Global,
    /// ^S saves the card (everywhere but the composer).
    SaveCard,
    /// ^S sends (in the composer).
    SendMessage,
    /// Global keys that are also letters, so they only apply when no field is being edited.
    Command,
    /// The numbers list has rows to move through.
    NumberList,
    /// Marking in the numbers list (after `q` in the footer, which must never be cut).
    Marks,
    /// The list is loading and nothing is listed yet: moves are kept for when it lands.
    ListLoading,
    Numbers,
    /// The numbers list while a filter is kept.
    KeptFilter,
    Filter,
    Card,
    /// The card's focused field is a name.
    CardName,
    /// The card's focused field is a checkbox or a radio pair.
    CardToggle,
    /// The card's focused field is a button.
    CardButton,
    /// Editing a one-line text field: every key not bound here is typed.
    Editing,
    /// Editing the composer's multi-line message: Enter is a new line there.
    EditMessage,
    /// Editing the attachment URL: Enter adds it.
    EditAttachment,
    Composer,
    /// The composer's focused field is a text field.
    ComposerText,
    ComposerToggle,
    ComposerButton,
    /// The composer shows a conversation longer than its box: it scrolls.
    History,
    PathInput,
    Picker,
    /// The card pane while numbers are marked. No keys of its own: while it is active the footer
    /// offers the card's `A` (apply to marked).
    CardMarked,
    /// The card's photo has an unsaved change. No keys of its own: the footer offers `u` on the
    /// photo buttons then.
    PhotoChanged,
    /// The composer holds attachment URLs. No keys of its own: the footer offers removing one.
    Attachments,
    /// The apply overlay with at least one field group on. No keys of its own: the footer offers
    /// `y` (apply) only then.
    ApplyGroupOn,
    /// The apply overlay's summary with failed rows. No keys of its own: the footer offers `r`.
    ApplyFailed,
    /// The apply overlay before applying: the plan, the field groups.
    ApplyPlan,
    /// The apply overlay while it applies.
    ApplyRunning,
    /// The question whether to stop an apply under way.
    ApplyStop,
    /// The apply overlay once the apply is over: the summary.
    ApplyDone,
    /// The share overlay with chats to stage and the plan in. No keys of its own: the footer
    /// offers Enter (start) only then.
    ShareCanStart,
    /// The share overlay's summary with failed (or not started) chats. No keys of its own: the
    /// footer offers `r`.
    ShareFailed,
    /// The share overlay before staging: listing the chats, then the plan.
    ShareReady,
    /// The share overlay while it stages.
    ShareRunning,
    /// The question whether to stop staging.
    ShareStop,
    /// The share overlay once staging is over: the summary.
    ShareDone,
    Help,
    Details,
    /// The quit question while the card has unsaved edits (it can save first).
    QuitConfirm,
    Confirm,
    /// The question whether to restore a draft.
    Restore,
}

/// The `update/` file whose handler runs a context's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    /// `update/keys.rs`: panes, help, suspend, and quitting (decided in `update/quit.rs`).
    App,
    /// `update/overlay.rs`: closing help and details, answering the questions.
    Overlay,
    /// `update/drafts.rs`: the offer to restore a draft.
    Drafts,
    /// `update/picker.rs`: the chat picker.
    Picker,
    /// `update/path_input.rs`: the path field under the card.
    PathInput,
    /// `update/numbers.rs`: the list, its filter and marks.
    Numbers,
    /// `update/edit.rs`: a text field being edited.
    Edit,
    /// `update/card.rs`: the card editor, ^S included.
    Card,
    /// `update/composer.rs`: the composer, ^S (send), ^P and ^T included.
    Composer,
    /// `update/history.rs`: scrolling the conversation.
    History,
    /// `update/apply.rs`: opening and driving the apply overlay.
    Apply,
    /// `update/share.rs`: opening and driving the share overlay (stage in many chats).
    Share,
}

/// The sections of the `?` overlay, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Section {
    Anywhere,
    Numbers,
    Card,
    Editing,
    Composer,
    FilePath,
    ChatPicker,
    Apply,
    Share,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Self::Anywhere => "Anywhere",
            Self::Numbers => "Numbers",
            Self::Card => "Card",
            Self::Editing => "Editing a field",
            Self::Composer => "Composer",
            Self::FilePath => "File path",
            Self::ChatPicker => "Chat picker",
            Self::Apply => "Apply to marked",
            Self::Share => "Stage in many chats",
        }
    }
}

impl Context {
    /// The routing table: who handles this context's actions, and where the help lists its keys
    /// (`None`: an overlay's own keys, which its footer and answer line always show).
    pub fn spec(self) -> (Handler, Option<Section>) {
        use Context as C;
        use Handler as H;
        use Section as S;
        match self {
            C::Always | C::Global | C::Command => (H::App, Some(S::Anywhere)),
            C::ComposerAnywhere => (H::Composer, Some(S::Anywhere)),
            // ^S sends only in the composer: the help lists it there, not beside "^S save card".
            C::SendMessage => (H::Composer, Some(S::Composer)),
            C::SaveCard => (H::Card, Some(S::Anywhere)),
            C::NumberList | C::Marks | C::ListLoading | C::Numbers | C::KeptFilter | C::Filter => {
                (H::Numbers, Some(S::Numbers))
            }
            C::Card | C::CardName | C::CardToggle | C::CardButton => (H::Card, Some(S::Card)),
            C::Editing | C::EditMessage | C::EditAttachment => (H::Edit, Some(S::Editing)),
            C::Composer | C::ComposerText | C::ComposerToggle | C::ComposerButton => {
                (H::Composer, Some(S::Composer))
            }
            C::History => (H::History, Some(S::Composer)),
            C::PathInput => (H::PathInput, Some(S::FilePath)),
            C::Picker => (H::Picker, Some(S::ChatPicker)),
            C::PhotoChanged => (H::Card, Some(S::Card)),
            C::Attachments => (H::Composer, Some(S::Composer)),
            C::CardMarked
            | C::ApplyGroupOn
            | C::ApplyFailed
            | C::ApplyPlan
            | C::ApplyRunning
            | C::ApplyStop
            | C::ApplyDone => (H::Apply, Some(S::Apply)),
            C::ShareCanStart
            | C::ShareFailed
            | C::ShareReady
            | C::ShareRunning
            | C::ShareStop
            | C::ShareDone => (H::Share, Some(S::Share)),
            C::Help | C::Details | C::QuitConfirm | C::Confirm => (H::Overlay, None),
            C::Restore => (H::Drafts, None),
        }
    }

    pub fn handler(self) -> Handler {
        self.spec().0
    }

    pub fn section(self) -> Option<Section> {
        self.spec().1
    }
}
