//! The footer: the keys that work right now, built from the keymap for the current contexts (the
//! same walk the router does), with the way to the full help pinned to the right. Too narrow for
//! every key, it says them in fewer words, then leaves out the low-value keys (the keymap's drop
//! ranks), and only then cuts with `…`; the keys of rank 0 (`q quit`) always stay.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Binding, Context};
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let contexts = app.contexts();
    let help = if contexts.contains(&Context::Command) {
        keymap::label(Context::Command, Action::Help)
    } else {
        keymap::label(Context::Global, Action::Help)
    };
    let overlay = app.modal.is_some();
    let right = if overlay { 0 } else { 8 };
    let [left, pinned] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right)]).areas(area);
    let line = fitted(&keymap::footer_for(&contexts), left.width);
    frame.render_widget(Paragraph::new(line), left);
    if !overlay {
        let pinned_line = Line::from(vec![Span::styled(help, theme::key()), Span::raw(" help")]);
        frame.render_widget(
            Paragraph::new(pinned_line).alignment(Alignment::Right),
            pinned,
        );
    }
}

/// The hints in `width` columns: in full words if they fit, else in fewer; else without the
/// key of the highest drop rank (the later of equals first), trying full words again each time;
/// only when nothing more may go is the line cut.
pub fn fitted(bindings: &[&'static Binding], width: u16) -> Line<'static> {
    let mut kept = bindings.to_vec();
    loop {
        for short in [false, true] {
            let line = hints(&kept, short);
            if line.width() <= usize::from(width) {
                return line;
            }
        }
        match next_drop(&kept) {
            Some(i) => {
                kept.remove(i);
            }
            None => return super::fit::line(hints(&kept, true), width),
        }
    }
}

/// The key to leave out next: the last of the highest rank; none of rank 0.
fn next_drop(kept: &[&Binding]) -> Option<usize> {
    let rank = kept.iter().map(|b| b.drop_rank).max().filter(|&r| r > 0)?;
    kept.iter().rposition(|b| b.drop_rank == rank)
}

fn hints(bindings: &[&Binding], short: bool) -> Line<'static> {
    let mut spans = Vec::new();
    for b in bindings {
        let (label, desc) = if short {
            (b.short_label, b.short)
        } else {
            (b.label, b.desc)
        };
        if desc.is_empty() {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(label, theme::key()));
        spans.push(Span::raw(format!(" {desc}")));
    }
    Line::from(spans)
}
