//! Terminal input as `Msg`s: key presses, paste, mouse, resize. Everything else is dropped here.
//!
//! On Unix bloocard reads the terminal itself (`tui::input`), taking the answers to its graphics
//! queries out of the input; on Windows crossterm's reader is kept, and the graphics protocol is
//! decided from the environment alone.

use futures_util::Stream;

use crate::tui::msg::Msg;

/// crossterm's event stream (Windows). One stream serves the whole run, suspends included.
#[cfg(not(unix))]
pub fn crossterm_events() -> impl Stream<Item = std::io::Result<Msg>> + Unpin {
    use futures_util::StreamExt;
    crossterm::event::EventStream::new().filter_map(|e| {
        std::future::ready(match e {
            Ok(ev) => Msg::from_event(ev).map(Ok),
            Err(err) => Some(Err(err)),
        })
    })
}

/// The live terminal's events, with the tests' panic hook when it is compiled in.
pub fn with_test_hooks<S>(events: S) -> impl Stream<Item = std::io::Result<Msg>> + Unpin
where
    S: Stream<Item = std::io::Result<Msg>> + Unpin,
{
    #[cfg(feature = "test-hooks")]
    let events = {
        use futures_util::StreamExt;
        // tests/it/terminal_pty.rs: proves the terminal is restored when the loop panics.
        let panic_on_input = std::env::var_os(crate::tui::TEST_PANIC_VAR).is_some();
        events.inspect(move |m| {
            if panic_on_input && matches!(m, Ok(Msg::Key(_))) {
                panic!(
                    "{} is set: panicking on the first input, as asked",
                    crate::tui::TEST_PANIC_VAR
                );
            }
        })
    };
    events
}
