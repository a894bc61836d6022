//! The `?` overlay: every binding, grouped by where it applies, straight from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::capabilities::Graphics;
use crate::tui::keymap::{self, Context};
use crate::tui::theme;

use Context as C;

/// The sections, each the contexts it gathers.
const SECTIONS: [(&str, &[Context]); 8] = [
    (
        "Anywhere",
        &[
            C::Always,
            C::Global,
            C::SaveCard,
            C::SendMessage,
            C::Command,
        ],
    ),
    (
        "Numbers",
        &[
            C::NumberList,
            C::Marks,
            C::ListLoading,
            C::Numbers,
            C::KeptFilter,
            C::Filter,
        ],
    ),
    (
        "Card",
        &[C::Card, C::CardName, C::CardToggle, C::CardButton],
    ),
    (
        "Editing a field",
        &[C::Editing, C::EditMessage, C::EditAttachment],
    ),
    (
        "Composer",
        &[
            C::Composer,
            C::ComposerText,
            C::ComposerToggle,
            C::ComposerButton,
            C::History,
        ],
    ),
    ("File path", &[C::PathInput]),
    ("Chat picker", &[C::Picker]),
    (
        "Apply to marked",
        &[
            C::CardMarked,
            C::ApplyPlan,
            C::ApplyRunning,
            C::ApplyStop,
            C::ApplyDone,
        ],
    ),
];

/// Every context some section shows (a test checks none the router uses is left out).
pub fn shown() -> Vec<Context> {
    SECTIONS
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .collect()
}

/// The overlay, with what draws the avatar and why (`graphics`) under the keys, so that a user
/// can tell and report it.
pub fn render(frame: &mut Frame, area: Rect, graphics: Option<&Graphics>) {
    let mut lines = Vec::new();
    for (title, contexts) in SECTIONS {
        let mut spans = vec![Span::styled(format!("{title}: "), theme::label())];
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for b in keymap::bindings_for(contexts) {
            if seen.contains(&(b.label, b.desc)) {
                continue;
            }
            seen.push((b.label, b.desc));
            spans.push(Span::styled(b.label, theme::key()));
            spans.push(Span::raw(format!(" {}  ", b.desc)));
        }
        lines.push(Line::from(spans));
    }
    if let Some(g) = graphics {
        lines.push(Line::from(vec![
            Span::styled("Images: ", theme::label()),
            Span::raw(format!("{g} (--image names another)")),
        ]));
        if let Some(hint) = &g.hint {
            lines.push(Line::raw(hint.clone()));
        }
    }
    let width = area.width.saturating_sub(4).min(110);
    // Wrapped height, estimated generously (word wrap can only add a little per line).
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1) + usize::from(l.width() > inner_width))
        .sum();
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let rect = super::popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let close = keymap::label(Context::Help, keymap::Action::CloseOverlay);
    let block = Block::bordered()
        .title(format!("Keys — {close} closes"))
        .border_style(theme::border(true));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
