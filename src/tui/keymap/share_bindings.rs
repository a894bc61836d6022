//! The chat picker's marks and "stage your card in N chats": their bindings, in routing order
//! within each context, spelled as in `bindings.rs`. The picker types every other key into its
//! filter, so it marks with Space and `*` and stages with ^T (as ^T stages in one chat).

use crossterm::event::KeyCode;

use super::keys::{CTRL, DOWN, NONE, UP, b};
use super::{Action, Binding, Context, HelpText};

use Action as A;
use Context as C;
use KeyCode::{Char, Enter, Esc};

pub static SHARE_BINDINGS: &[Binding] = &[
    // The picker's marks (after Enter and Esc, which its footer keeps).
    b(
        C::Picker,
        &[(Char(' '), NONE)],
        "Space",
        A::ToggleMark,
        "mark",
        true,
    )
    .drop_rank(1),
    b(
        C::Picker,
        &[(Char('*'), NONE)],
        "*",
        A::MarkAllShown,
        "mark all shown",
        true,
    )
    .short("mark all")
    .drop_rank(2)
    .help(HelpText::As("mark all shown (again: clear marks)")),
    b(
        C::Picker,
        &[(Char('t'), CTRL)],
        "^T",
        A::StageShare,
        "stage card in chats",
        true,
    )
    .short("stage card")
    .help(HelpText::As(
        "stage your card in the marked chats (none marked: all shown)",
    )),
    // The share overlay before it starts: the plan.
    b(
        C::ShareReady,
        &[(Enter, NONE), (Char('y'), NONE)],
        "Enter/y",
        A::Yes,
        "start staging",
        true,
    )
    .footer_with(C::ShareCanStart)
    .short("start"),
    b(
        C::ShareReady,
        &[(Esc, NONE), (Char('q'), NONE)],
        "Esc",
        A::CloseOverlay,
        "close, send nothing",
        true,
    )
    .short("close")
    // One Esc line in the help: its wording changes as the run goes on.
    .help(HelpText::As("close (while staging: stop…)")),
    b(C::ShareReady, UP, "↑/k", A::Up, "previous", false),
    b(C::ShareReady, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ShareRunning,
        &[(Esc, NONE), (Char('q'), NONE)],
        "Esc",
        A::CloseOverlay,
        "stop…",
        true,
    )
    .help(HelpText::Hidden),
    b(C::ShareRunning, UP, "↑/k", A::Up, "previous", false),
    b(C::ShareRunning, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ShareStop,
        &[(Char('y'), NONE)],
        "y",
        A::Yes,
        "stop (requests in flight finish)",
        true,
    ),
    b(
        C::ShareStop,
        &[(Char('n'), NONE), (Esc, NONE)],
        "n/Esc",
        A::No,
        "keep staging",
        true,
    ),
    b(
        C::ShareDone,
        &[(Char('r'), NONE)],
        "r",
        A::RetryFailed,
        "retry failed",
        true,
    )
    .footer_with(C::ShareFailed),
    b(C::ShareDone, UP, "↑/k", A::Up, "previous", false),
    b(C::ShareDone, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ShareDone,
        &[(Esc, NONE), (Char('q'), NONE), (Enter, NONE)],
        "Esc",
        A::CloseOverlay,
        "close",
        true,
    )
    .help(HelpText::Hidden),
];
