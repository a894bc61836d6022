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

/// The live terminal's events. One stream serves the whole run, suspends included.
/// Keys typed before the first poll (during start-up) are waiting in the terminal driver and come
/// first: nothing else reads stdin, since the graphics protocol is decided without asking the
/// terminal (`capabilities`).
pub fn terminal_events() -> impl Stream<Item = std::io::Result<Msg>> + Unpin {
    let events = EventStream::new().filter_map(|e| {
        std::future::ready(match e {
            Ok(ev) => to_msg(ev).map(Ok),
            Err(err) => Some(Err(err)),
        })
    });
    #[cfg(feature = "test-hooks")]
    let events = {
        // tests/it/terminal_pty.rs: proves the terminal is restored when the loop panics.
        let panic_on_input = std::env::var_os(crate::tui::TEST_PANIC_VAR).is_some();
        events.inspect(move |_| {
            if panic_on_input {
                panic!(
                    "{} is set: panicking on the first input, as asked",
                    crate::tui::TEST_PANIC_VAR
                );
            }
        })
    };
    events
}
