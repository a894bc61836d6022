//! Marks in the numbers list and the "apply this card to the marked numbers" overlay: its
//! bindings, in routing order within each context, spelled as in `bindings.rs`.

use crossterm::event::KeyCode;

use super::keys::{CTRL, DOWN, NONE, UP, b};
use super::{Action, Binding, Context, HelpText};

use Action as A;
use Context as C;
use KeyCode::{Char, Enter, Esc};

pub static APPLY_BINDINGS: &[Binding] = &[
    b(
        C::Marks,
        &[(Char(' '), NONE)],
        "Space",
        A::ToggleMark,
        "mark",
        true,
    )
    .drop_rank(1),
    b(
        C::Marks,
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
        C::ApplyPlan,
        &[(Char('y'), NONE)],
        "y",
        A::Yes,
        "apply",
        true,
    )
    .footer_with(C::ApplyGroupOn),
    b(
        C::ApplyPlan,
        &[(Char('n'), NONE)],
        "n",
        A::GroupNames,
        "names on/off",
        true,
    )
    .short("names"),
    b(
        C::ApplyPlan,
        &[(Char('p'), NONE)],
        "p",
        A::GroupPhoto,
        "photo on/off",
        true,
    )
    .short("photo"),
    b(
        C::ApplyPlan,
        &[(Char('s'), NONE)],
        "s",
        A::GroupSharing,
        "sharing on/off",
        true,
    )
    .short("sharing"),
    b(C::ApplyPlan, UP, "↑/k", A::Up, "previous", false),
    b(C::ApplyPlan, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ApplyPlan,
        &[(Esc, NONE), (Char('q'), NONE)],
        "Esc",
        A::CloseOverlay,
        "close, send nothing",
        true,
    )
    .short("close")
    // The help's one Esc line for the overlay: its wording changes as the apply goes on.
    .help(HelpText::As("close (while applying: stop…)")),
    b(
        C::ApplyRunning,
        &[(Esc, NONE), (Char('q'), NONE), (Char('c'), CTRL)],
        "Esc",
        A::CloseOverlay,
        "stop…",
        true,
    )
    .help(HelpText::Hidden),
    b(C::ApplyRunning, UP, "↑/k", A::Up, "previous", false),
    b(C::ApplyRunning, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ApplyStop,
        &[(Char('y'), NONE)],
        "y",
        A::Yes,
        "stop (requests in flight finish)",
        true,
    ),
    b(
        C::ApplyStop,
        &[(Char('n'), NONE), (Esc, NONE)],
        "n/Esc",
        A::No,
        "keep applying",
        true,
    ),
    b(
        C::ApplyDone,
        &[(Char('r'), NONE)],
        "r",
        A::RetryFailed,
        "retry failed",
        true,
    )
    .footer_with(C::ApplyFailed),
    b(C::ApplyDone, UP, "↑/k", A::Up, "previous", false),
    b(C::ApplyDone, DOWN, "↓/j", A::Down, "next", false),
    b(
        C::ApplyDone,
        &[(Esc, NONE), (Char('q'), NONE), (Enter, NONE)],
        "Esc",
        A::CloseOverlay,
        "close",
        true,
    )
    .help(HelpText::Hidden),
];
