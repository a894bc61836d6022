//! Terminal input as `Msg`s: key presses, paste, mouse, resize. Everything else is dropped here.

use crossterm::event::{Event, EventStream};
use futures_util::{Stream, StreamExt};

use crate::tui::msg::Msg;

pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Mouse(m) => Some(Msg::Mouse(m)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::FocusGained => Some(Msg::FocusGained),
        Event::FocusLost => None,
    }
}

/// Most type-ahead events kept; a paste would arrive as one event anyway.
const MAX_TYPEAHEAD: usize = 256;

/// Input typed before the screen was ready (type-ahead), taken now, in raw mode, before the
/// terminal graphics query: that query reads stdin itself and drops every byte it does not
/// understand, keys included. The loop replays these first. Keys typed while the query is in
/// flight (one terminal round trip) are still lost: ratatui-image keeps no unparsed bytes.
pub fn take_typeahead() -> Vec<Msg> {
    let mut out = Vec::new();
    while out.len() < MAX_TYPEAHEAD
        && matches!(crossterm::event::poll(std::time::Duration::ZERO), Ok(true))
    {
        match crossterm::event::read() {
            Ok(ev) => out.extend(to_msg(ev)),
            Err(_) => break,
        }
    }
    out
}

/// The live terminal's events. One stream serves the whole run, suspends included.
pub fn terminal_events() -> impl Stream<Item = std::io::Result<Msg>> + Unpin {
    EventStream::new().filter_map(|e| {
        std::future::ready(match e {
            Ok(ev) => to_msg(ev).map(Ok),
            Err(err) => Some(Err(err)),
        })
    })
}
