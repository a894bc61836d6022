//! The footer in a real terminal (tmux) at 80×24 and 120×40: `bloocard --demo` typed at a shell.
//! Each pane's footer keeps `q quit` and `? help` and is never cut with `…`; `A apply` is offered
//! once a number is marked; a refusal wears `·`, not the success mark; the apply overlay stops
//! offering `y` once every field group is off, says that no group is selected and `y` then writes nothing; `q` quits with 0.

use crate::tmux_support::Tmux;

/// The bottom row of the screen.
fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

fn whole(screen: &str) -> bool {
    let row = footer(screen);
    row.contains("q quit") && row.contains("? help") && !row.contains('…')
}

fn footers_at(cols: u16, rows: u16) {
    let tmux = Tmux::start(cols, rows);
    tmux.launch("--demo");
    tmux.wait_for_numbers();
    let list = tmux.wait_for("the list's footer", |s| {
        whole(s) && s.contains("Space mark")
    });
    assert!(footer(&list).contains("Enter load"), "{list}");

    // The card: Enter edits; with nothing marked, `A` is not offered and says why with `·`.
    tmux.keys(&["Tab"]);
    let card = tmux.wait_for("the card's footer", |s| {
        whole(s) && s.contains("Enter/i edit")
    });
    assert!(!footer(&card).contains("A apply"), "{card}");
    tmux.keys(&["A"]);
    let refused = tmux.wait_for_text("No number is marked");
    assert!(refused.contains("· No number is marked"), "{refused}");
    assert!(!refused.contains("✓ No number"), "{refused}");

    // The composer.
    tmux.keys(&["Tab"]);
    tmux.wait_for("the composer's footer", |s| {
        whole(s) && s.contains("^S send")
    });

    // Mark the first number: the card offers A, and the overlay y until every group is off.
    tmux.keys(&["Tab", "Space"]);
    tmux.wait_for_text("1 marked");
    tmux.keys(&["Tab"]);
    tmux.wait_for("A offered with a mark", |s| {
        whole(s) && s.contains("A apply")
    });
    tmux.keys(&["A"]);
    tmux.wait_for("the overlay offering y", |s| {
        footer(s).contains("y apply") && footer(s).contains("Esc close")
    });
    tmux.keys(&["n", "p", "s"]);
    tmux.wait_for("y gone with every group off", |s| {
        !footer(s).contains("y apply") && footer(s).contains("sharing")
    });
    // Bug 6: the overlay says no group is selected (not "in sync"), and y writes nothing.
    let off = tmux.wait_for_text("No field group is selected");
    assert!(!off.contains("in sync"), "{off}");
    tmux.keys(&["y"]);
    let refused = tmux.wait_for_text("turn a field group on first");
    assert!(!refused.contains("Applying"), "{refused}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("back on the card", |s| whole(s) && s.contains("A apply"));
    tmux.keys(&["q"]);
    tmux.wait_gone("Card +");
    assert_eq!(tmux.wait_for_shell(), "0", "q quits");
}

#[test]
fn at_80x24() {
    footers_at(80, 24);
}

#[test]
fn at_120x40() {
    footers_at(120, 40);
}
