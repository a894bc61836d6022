//! The chat picker (^P) over the panes: the chats from `GET /chats`, filtered as the operator
//! types, the marked ones with `✓` and counted in the title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::api::Chat;
use crate::sanitize::clean;
use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Context};
use crate::tui::layout::PICKER_SIZE;
use crate::tui::state::Load;
use crate::tui::state::picker::ChatPicker;
use crate::tui::theme;

pub fn render(app: &App, picker: &ChatPicker, frame: &mut Frame, area: Rect) {
    let c = &app.composer;
    let rect = super::popup::centered(area, PICKER_SIZE.0, PICKER_SIZE.1);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        // The corners take two columns; a title cut short ends with `…`.
        .title(super::fit::ellipsis(
            &title(picker, &c.chat_list),
            usize::from(rect.width.saturating_sub(2)),
        ))
        .border_style(theme::border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let filter = Rect { height: 1, ..inner };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("filter: ", theme::dim()),
            Span::raw(format!("{}▏", picker.filter)),
        ])),
        filter,
    );
    let list_area = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    match &c.chats {
        Load::Loading => {
            frame.render_widget(
                Paragraph::new(format!("{} Loading chats…", theme::spinner(app.spinner))),
                list_area,
            );
        }
        Load::Failed(e) => {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!("Could not load chats: {}", e.sentence),
                    theme::error(),
                ))
                .wrap(Wrap { trim: true }),
                list_area,
            );
        }
        _ => {
            let rows = picker.rows(&c.chat_list);
            if rows.is_empty() {
                frame.render_widget(Paragraph::new("No chat matches."), list_area);
                return;
            }
            // The highlight symbol takes a column on every row.
            let width = usize::from(list_area.width.saturating_sub(1));
            // A mark column only once something is marked: `✓` on marked rows.
            let marking = !picker.marked.is_empty();
            let items: Vec<ListItem> = rows
                .iter()
                .map(|chat| {
                    let marked = chat
                        .id
                        .as_ref()
                        .is_some_and(|id| picker.marked.contains(id));
                    row(chat, width, marking.then_some(marked))
                })
                .collect();
            let mut state = ListState::default().with_selected(Some(picker.selected));
            frame.render_stateful_widget(
                List::new(items)
                    .highlight_symbol("›")
                    .highlight_style(theme::selected()),
                list_area,
                &mut state,
            );
        }
    }
}

/// "Pick a chat · 3 marked (2 hidden) (type to filter, …)": the marks before the hints, so a
/// title cut short keeps them.
fn title(picker: &ChatPicker, chats: &[Chat]) -> String {
    let mut title = "Pick a chat".to_owned();
    if !picker.marked.is_empty() {
        title.push_str(&format!(" · {} marked", picker.marked.len()));
        let hidden = picker.marked_hidden(chats);
        if hidden > 0 {
            title.push_str(&format!(" ({hidden} hidden)"));
        }
    }
    title.push_str(&format!(
        " (type to filter, {} uses it, {} closes)",
        keymap::label(Context::Picker, Action::Activate),
        keymap::label(Context::Picker, Action::CloseOverlay)
    ));
    title
}

/// "Title <id> — last message", or the id alone when it is the title; `marked` when marks are
/// shown: `✓ ` or two spaces before it.
fn row(chat: &Chat, width: usize, marked: Option<bool>) -> ListItem<'static> {
    let id = clean(chat.id.as_deref().unwrap_or_default()).into_owned();
    let title = clean(chat.title()).into_owned();
    let last = chat
        .last_message
        .as_ref()
        .and_then(|m| m.text.as_deref())
        .map(|t| format!(" — {}", clean(t)))
        .unwrap_or_default();
    let row = if title == id {
        format!("{id}{last}")
    } else {
        format!("{title} <{id}>{last}")
    };
    let mark = match marked {
        None => "",
        Some(true) => "✓ ",
        Some(false) => "  ",
    };
    let item = ListItem::new(super::fit::ellipsis(&format!("{mark}{row}"), width));
    if marked == Some(true) {
        item.style(theme::marked())
    } else {
        item
    }
}
