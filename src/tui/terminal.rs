//! Raw mode and the alternate screen: entered once, and always left — on quit, on error, on panic
//! and around Ctrl-Z — so the operator's shell is never left broken.

use std::io::{self, Stdout, stdout};
use std::sync::Once;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

static PANIC_HOOK: Once = Once::new();

/// Restores the terminal before the default panic message prints, so it is readable.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Mouse capture off too: harmless when it was never on.
            let _ = restore(true);
            previous(info);
        }));
    });
}

pub fn enter(mouse: bool) -> io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    let setup = || -> io::Result<Term> {
        execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        let mut term = Terminal::new(CrosstermBackend::new(stdout()))?;
        full_redraw(&mut term)?;
        Ok(term)
    };
    setup().inspect_err(|_| {
        let _ = restore(mouse);
    })
}

/// Leaves raw mode and the alternate screen. Every step runs even if an earlier one failed.
pub fn restore(mouse: bool) -> io::Result<()> {
    let mut out = stdout();
    let a = if mouse {
        execute!(out, DisableMouseCapture)
    } else {
        Ok(())
    };
    let b = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let c = disable_raw_mode();
    a.and(b).and(c)
}

/// Ctrl-Z: give the terminal back, stop like any job, and take it again on `fg`.
pub fn suspend(term: &mut Term, mouse: bool) -> io::Result<()> {
    restore(mouse)?;
    // SIGTSTP's default action stops the process until SIGCONT; execution then continues here.
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    full_redraw(term)
}

/// Clears the screen and makes the next draw repaint every cell. Unlike `Terminal::clear`, this
/// does not ask the terminal for the cursor position: after a resume the answer could be swallowed
/// by the previous input reader, stalling for seconds and failing.
fn full_redraw(term: &mut Term) -> io::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// A signal that ended the TUI, for the exit status (128 + number, as a shell reports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopSignal {
    pub name: &'static str,
    pub number: i32,
}

/// The signals that end the TUI from outside: SIGTERM (`kill`, a service manager), SIGHUP (the
/// terminal or SSH session went away) and SIGINT (Ctrl-C is a key in raw mode, so this one comes
/// from `kill -INT`). Caught, they end the loop through the normal restore path instead of killing
/// the process with the terminal still raw and in the alternate screen.
pub struct StopSignals {
    #[cfg(unix)]
    signals: [tokio::signal::unix::Signal; 3],
}

impl StopSignals {
    /// Starts listening; from here on these signals no longer kill the process on their own.
    pub fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                signals: [
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                    signal(SignalKind::interrupt())?,
                ],
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Waits for the next one.
    pub async fn recv(&mut self) -> StopSignal {
        #[cfg(unix)]
        {
            let [term, hup, int] = &mut self.signals;
            tokio::select! {
                _ = term.recv() => StopSignal { name: "SIGTERM", number: 15 },
                _ = hup.recv() => StopSignal { name: "SIGHUP", number: 1 },
                _ = int.recv() => StopSignal { name: "SIGINT", number: 2 },
            }
        }
        #[cfg(not(unix))]
        std::future::pending().await
    }
}

/// `card get --show-avatar`: asks the terminal once, as the TUI does (`input::one_shot`), and
/// prints sixel, iTerm2 or kitty (direct placement) at the cursor, the cursor then on the line
/// under the picture. Inside tmux only tmux's own sixel: a picture passed through to the
/// terminal outside would land at its cursor, which is not where tmux's is. `false`: nothing
/// printed, half blocks are the caller's.
#[cfg(unix)]
pub fn show_avatar(bytes: &[u8]) -> Result<bool, String> {
    let found = crate::tui::input::one_shot::detect();
    let shown = print_avatar(&found.graphics, found.in_tmux, bytes);
    found.finish();
    shown
}

#[cfg(unix)]
fn print_avatar(
    graphics: &crate::tui::capabilities::Graphics,
    in_tmux: bool,
    bytes: &[u8],
) -> Result<bool, String> {
    use crate::tui::capabilities::Protocol;
    use crate::tui::preview::{self, Drawn};
    use ratatui_image::protocol::Protocol as Encoded;
    use std::io::Write;
    let mut graphics = graphics.clone();
    match (graphics.protocol, in_tmux) {
        (Protocol::Sixel, _) => {}
        (Protocol::Halfblocks, _) | (_, true) => return Ok(false),
        // Placeholders are text cells the TUI draws; printed here, the picture is placed.
        (Protocol::KittyPlaceholders, false) => graphics.protocol = Protocol::KittyDirect,
        _ => {}
    }
    let preview = preview::build_sized(Some(&graphics), bytes, SHOW_CELLS)?;
    let (picture, rows) = match preview.image.as_ref().map(|i| &i.drawn) {
        Some(Drawn::Cells(Encoded::Sixel(s))) => (s.data.clone(), s.size.height),
        Some(Drawn::Cells(Encoded::ITerm2(i))) => (i.data.clone(), i.size.height),
        Some(Drawn::Placed(d)) => match d.here() {
            Some(seq) => (seq, d.cells.height),
            None => return Ok(false),
        },
        _ => return Ok(false),
    };
    // Room first (newlines scroll, cursor moves do not), then the picture at its top, the cursor
    // saved around it, then under it.
    let text = format!(
        "{}\x1b[{rows}A\r\x1b7{picture}\x1b8\x1b[{rows}B\r",
        "\n".repeat(usize::from(rows))
    );
    let mut out = stdout();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())?;
    Ok(true)
}

/// The picture's box in cells for `--show-avatar` (columns, rows).
#[cfg(unix)]
const SHOW_CELLS: (u16, u16) = (24, 12);
