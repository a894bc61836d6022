//! The lists' bindings: the numbers list (moving, paging, the filter) and the chat picker, in
//! routing order within each context, spelled as in `bindings.rs`.

use crossterm::event::KeyCode;

use super::keys::{DOWN, NONE, UP, b};
use super::{Action, Binding, Context, KeySpec};

use Action as A;
use Context as C;
use KeyCode::{Char, Down, End, Enter, Esc, Home, PageDown, PageUp, Up};

const ENTER: &[KeySpec] = &[(Enter, NONE)];
const ESC: &[KeySpec] = &[(Esc, NONE)];
const PGUP: &[KeySpec] = &[(PageUp, NONE)];
const PGDN: &[KeySpec] = &[(PageDown, NONE)];
/// In the numbers list `g`/`G` too, as in less and vim; the picker types letters into its filter.
const FIRST: &[KeySpec] = &[(Home, NONE), (Char('g'), NONE)];
const LAST: &[KeySpec] = &[(End, NONE), (Char('G'), NONE)];

pub static LIST_BINDINGS: &[Binding] = &[
    b(C::Picker, &[(Up, NONE)], "↑", A::Up, "previous chat", false),
    b(C::Picker, &[(Down, NONE)], "↓", A::Down, "next chat", false),
    b(C::Picker, PGUP, "PgUp", A::PageUp, "a page up", false),
    b(C::Picker, PGDN, "PgDn", A::PageDown, "a page down", false),
    b(C::Picker, &[(Home, NONE)], "Home", A::First, "first", false),
    b(C::Picker, &[(End, NONE)], "End", A::Last, "last", false),
    b(C::Picker, ENTER, "Enter", A::Activate, "use chat", true),
    b(C::Picker, ESC, "Esc", A::CloseOverlay, "close", true),
    b(
        C::Filter,
        &[(Enter, NONE), (Down, NONE)],
        "Enter",
        A::KeepFilter,
        "keep filter",
        true,
    )
    .short("keep"),
    b(C::Filter, ESC, "Esc", A::ClearFilter, "clear filter", true).short("clear"),
    b(
        C::KeptFilter,
        ESC,
        "Esc",
        A::ClearFilter,
        "clear filter",
        true,
    )
    .short("clear filter"),
    b(C::NumberList, UP, "↑/k", A::Up, "previous", true).short_as("↑↓", "move"),
    b(C::NumberList, DOWN, "↓/j", A::Down, "next", true).short(""),
    b(C::NumberList, PGUP, "PgUp", A::PageUp, "a page up", false),
    b(
        C::NumberList,
        PGDN,
        "PgDn",
        A::PageDown,
        "a page down",
        false,
    ),
    b(C::NumberList, FIRST, "Home/g", A::First, "first", false),
    b(C::NumberList, LAST, "End/G", A::Last, "last", false),
    b(C::ListLoading, UP, "↑/k", A::Up, "previous", true).short_as("↑↓", "move"),
    b(C::ListLoading, DOWN, "↓/j", A::Down, "next", true).short(""),
    b(
        C::NumberList,
        ENTER,
        "Enter",
        A::Activate,
        "load card",
        true,
    )
    .short("load"),
    b(
        C::Numbers,
        &[(Char('/'), NONE)],
        "/",
        A::Filter,
        "filter",
        true,
    ),
    b(
        C::Numbers,
        &[(Char('r'), NONE)],
        "r",
        A::Refresh,
        "refresh",
        true,
    )
    .drop_rank(2),
];
