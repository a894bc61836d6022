//! The path field under the card fields ("Photo file:", "Save to:") and, under it, its hint or
//! the Tab completions, scrolled so the one Tab picked is in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::{self, Action, Context};
use crate::tui::state::path_input::{PathInput, PathPurpose};
use crate::tui::theme;

use super::fit;

pub fn render(input: &PathInput, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let label = match input.purpose {
        PathPurpose::SetPhoto => "Photo file: ",
        PathPurpose::SaveAvatar => "Save to: ",
    };
    let r = Rect { height: 1, ..area };
    frame.render_widget(Paragraph::new(Span::styled(label, theme::key())), r);
    let w = label.chars().count() as u16;
    super::text_field::draw(
        frame,
        &input.field,
        Rect {
            x: r.x + w,
            width: r.width.saturating_sub(w),
            ..r
        },
        true,
        false,
    );
    if area.height < 2 {
        return;
    }
    let hint_row = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let hint = if let Some(e) = &input.error {
        fit::line(Line::styled(e.clone(), theme::error()), hint_row.width)
    } else if !input.candidates.is_empty() {
        candidates(input, usize::from(hint_row.width))
    } else {
        let key = |a| keymap::label(Context::PathInput, a);
        fit::line(
            Line::styled(
                format!(
                    "{} completes · ~ is your home folder",
                    key(Action::Complete)
                ),
                theme::dim(),
            ),
            hint_row.width,
        )
    };
    frame.render_widget(Paragraph::new(hint), hint_row);
}

/// The candidates' names side by side, starting far enough along that the chosen one shows;
/// `…` at either end says there are more.
fn candidates(input: &PathInput, width: usize) -> Line<'static> {
    let names: Vec<String> = input
        .candidates
        .iter()
        .map(|c| {
            let name = c.trim_end_matches('/').rsplit('/').next().unwrap_or(c);
            if c.ends_with('/') {
                format!("{name}/")
            } else {
                name.to_owned()
            }
        })
        .collect();
    let chosen = input.chosen.unwrap_or(0);
    // First name shown: move right until the chosen one ends within the width.
    let mut start = 0;
    while start < chosen {
        let used: usize = names[start..=chosen]
            .iter()
            .map(|n| n.width() + 2)
            .sum::<usize>()
            + 2;
        if used <= width {
            break;
        }
        start += 1;
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("… ", theme::dim()));
    }
    for (i, name) in names.iter().enumerate().skip(start) {
        let style = if input.chosen == Some(i) {
            theme::selected()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(name.clone(), style));
        spans.push(Span::raw("  "));
    }
    fit::line(Line::from(spans), width as u16)
}
