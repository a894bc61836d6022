//! Issue 19's TUI bugs on a `TestBackend`: the apply overlay with every field group off (bug 6),
//! declining a number switch (bug 7), the photo buttons on other plans (bug 4), an unreadable
//! card (bug 5).

use crate::tui_support::apply::planned_app;
use crate::tui_support::*;
use bloocard::tui::app::{App, Modal};

/// The whole screen as text, one line per row.
fn screen(app: &App) -> String {
    let backend = render(app, app.size.0, app.size.1);
    let buf = backend.buffer();
    (0..app.size.1)
        .map(|y| {
            let row: String = (0..app.size.0)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_group_off_says_so_and_y_writes_nothing() {
    let (mut app, _) = planned_app((120, 40));
    feed(&mut app, [ch('n'), ch('p'), ch('s')]);
    let shown = screen(&app);
    assert!(
        shown.contains("No field group is selected: n, p or s turns one on"),
        "{shown}"
    );
    assert!(!shown.contains("in sync"), "{shown}");
    assert!(shown.contains("no field group selected"), "{shown}");
    let cmds = feed(&mut app, [ch('y')]);
    assert!(
        cmds.is_empty(),
        "y with every group off starts nothing: {cmds:?}"
    );
    assert!(matches!(app.modal, Some(Modal::Apply(_))));
    let shown = screen(&app);
    assert!(shown.contains("turn a field group on first"), "{shown}");
    // One group back on: y applies again.
    feed(&mut app, [ch('n')]);
    let shown = screen(&app);
    assert!(!shown.contains("No field group is selected"), "{shown}");
    let (_, plan) = crate::tui_support::apply::press_apply(&mut app);
    assert!(plan.has_writes());
}
