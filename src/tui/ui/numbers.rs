//! The number picker view: one row per number, the filter line, and details of the selected one.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use unicode_width::UnicodeWidthStr;

use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout;
use crate::tui::msg::ErrorInfo;
use crate::tui::state::Load;
use crate::tui::state::numbers::NumbersState;
use crate::tui::theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect, focused: bool) {
    let n = &app.numbers;
    let block = Block::bordered()
        // The borders' corners take two columns; a title cut short ends with `…`.
        .title(super::fit::ellipsis(
            &title(app, focused),
            usize::from(area.width.saturating_sub(2)),
        ))
        .border_style(theme::border(focused));
    frame.render_widget(block, area);
    let areas = layout::numbers_areas(area, n);
    let filter = super::fit::line(filter_line(n), areas.filter.width);
    frame.render_widget(Paragraph::new(filter), areas.filter);
    if let Load::Failed(e) = &n.load {
        frame.render_widget(failure(e), areas.error);
    }
    if let Some(message) = list_message(app) {
        frame.render_widget(message, areas.list);
        return;
    }
    if n.items.is_empty() {
        return;
    }
    // The offset is set here, not left to the widget, so a click maps to the same row
    // (`layout::number_row_at`).
    let mut state = ListState::default()
        .with_selected(n.cursor())
        .with_offset(n.scrolled(usize::from(areas.list.height)));
    let list = List::new(rows(app, areas.list.width))
        .highlight_symbol("›")
        .highlight_style(if focused {
            theme::selected()
        } else {
            theme::label()
        });
    frame.render_stateful_widget(list, areas.list, &mut state);
    if let Some(details) = details(app) {
        frame.render_widget(details, areas.details);
    }
}

/// "Numbers", the profile, the marks, how many (shown of all while filtered) and a spinner
/// while the list loads.
fn title(app: &App, focused: bool) -> String {
    let n = &app.numbers;
    let mut title = format!("{}Numbers", if focused { "▶ " } else { "" });
    if let Some(profile) = &app.config.profile {
        title.push_str(&format!(" · {}", clean(profile)));
    }
    if !n.marked.is_empty() {
        title.push_str(&format!(" · {} marked", n.marked.len()));
        let hidden = n.marked_hidden();
        if hidden > 0 {
            title.push_str(&format!(" ({hidden} hidden)"));
        }
    }
    // The count comes last: where the title is cut, the marks (what an apply touches) stay.
    if !n.items.is_empty() {
        let shown = n.visible().len();
        if shown == n.items.len() {
            title.push_str(&format!(" · {shown}"));
        } else {
            title.push_str(&format!(" · {shown}/{}", n.items.len()));
        }
    }
    if n.load.is_loading() {
        title.push_str(&format!(" {}", theme::spinner(app.spinner)));
    }
    title
}

/// The line above the list: the filter being typed, the one kept, or how to start one.
fn filter_line(n: &NumbersState) -> Line<'static> {
    if n.filtering {
        Line::from(vec![
            Span::styled("/", theme::key()),
            Span::raw(format!("{}▏", n.filter)),
        ])
    } else if !n.filter.is_empty() {
        Line::from(vec![
            Span::styled("filter: ", theme::dim()),
            Span::raw(format!("{}  ", n.filter)),
            Span::styled(
                format!(
                    "{} clears",
                    keymap::label(Context::KeptFilter, Action::ClearFilter)
                ),
                theme::dim(),
            ),
        ])
    } else {
        Line::styled(
            format!(
                "{} to filter",
                keymap::label(Context::Numbers, Action::Filter)
            ),
            theme::dim(),
        )
    }
}

/// What the list's place shows when there are no rows to draw: loading, none, none matching.
fn list_message(app: &App) -> Option<Paragraph<'static>> {
    let n = &app.numbers;
    let (first, hint) = match &n.load {
        Load::Loading if n.items.is_empty() => {
            let text = format!("{} Loading numbers…", theme::spinner(app.spinner));
            return Some(Paragraph::new(text));
        }
        Load::Loaded if n.items.is_empty() => (
            "No numbers on this API key.".to_owned(),
            format!(
                "{} to refresh",
                keymap::label(Context::Numbers, Action::Refresh)
            ),
        ),
        _ if n.visible().is_empty() && !n.items.is_empty() => (
            format!("No number matches \"{}\".", n.filter),
            format!(
                "{} clears the filter",
                keymap::label(Context::Filter, Action::ClearFilter)
            ),
        ),
        _ => return None,
    };
    Some(
        Paragraph::new(vec![Line::raw(first), Line::styled(hint, theme::dim())])
            .wrap(ratatui::widgets::Wrap { trim: true }),
    )
}

/// One row per visible number: active or not, `*` for the card with unsaved edits, the mark,
/// the number and its plan.
fn rows(app: &App, width: u16) -> Vec<ListItem<'static>> {
    let n = &app.numbers;
    // `*` means one thing, as in the card: this number's card has unsaved edits.
    let changed = app.card.number.as_deref().filter(|_| app.card.is_dirty());
    // A mark column only once something is marked: `✓` on marked rows, as text for NO_COLOR.
    let marking = !n.marked.is_empty();
    let row_width = usize::from(width.saturating_sub(1));
    n.visible()
        .iter()
        .map(|num| {
            let active = if num.is_active.unwrap_or(false) {
                "●"
            } else {
                "○"
            };
            let here = if changed == Some(num.number()) {
                "*"
            } else {
                " "
            };
            let marked = n.marked.contains(num.number());
            let mark = match (marking, marked) {
                (false, _) => "",
                (true, true) => "✓",
                (true, false) => " ",
            };
            // The number whole where it fits; the plan gets what is left.
            let lead = format!("{active}{here}{mark}{:<12} ", clean(num.number()));
            let plan = clean(num.plan().label()).into_owned();
            let text = match row_width.checked_sub(lead.width()) {
                Some(room) if room > 1 => format!("{lead}{}", super::fit::ellipsis(&plan, room)),
                _ => super::fit::ellipsis(&format!("{lead}{plan}"), row_width),
            };
            let item = ListItem::new(text);
            if marked {
                item.style(theme::marked())
            } else {
                item
            }
        })
        .collect()
}

/// The selected number: active or not, its plan, when it was last active.
fn details(app: &App) -> Option<Paragraph<'static>> {
    let n = &app.numbers;
    let sel = n.selected.as_deref().and_then(|s| n.find(s))?;
    let active = if sel.is_active.unwrap_or(false) {
        "active"
    } else {
        "inactive"
    };
    let when = sel
        .last_active
        .as_deref()
        .map(|t| relative_time(t, app.now))
        .unwrap_or_else(|| "never".into());
    Some(Paragraph::new(vec![
        Line::styled(
            format!("{} · {}", active, clean(sel.plan().label())),
            theme::dim(),
        ),
        Line::styled(format!("last active {when}"), theme::dim()),
    ]))
}

fn failure(e: &ErrorInfo) -> Paragraph<'static> {
    Paragraph::new(vec![
        Line::styled("Could not load numbers:", theme::error()),
        Line::raw(e.sentence.clone()),
        Line::styled(
            format!(
                "{} to retry",
                keymap::label(Context::Numbers, Action::Refresh)
            ),
            theme::dim(),
        ),
    ])
    .wrap(ratatui::widgets::Wrap { trim: true })
}

/// "3 h ago" from an RFC 3339 time; unreadable times are shown cleaned, as sent.
pub fn relative_time(time: &str, now: DateTime<Utc>) -> String {
    match crate::time_ago::parse_timestamp(time) {
        Some(t) => crate::time_ago::time_ago(t, now),
        None => clean(time).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now = DateTime::parse_from_rfc3339("2026-07-20T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(relative_time("2026-07-20T09:00:00Z", now), "3 h ago");
        assert_eq!(relative_time("2026-07-20T11:58:00Z", now), "2 min ago");
        assert_eq!(relative_time("2026-07-18T12:00:00Z", now), "2 d ago");
        assert_eq!(relative_time("garbage\x1b", now), "garbage");
    }
}
