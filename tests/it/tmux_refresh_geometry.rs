//! A failed refresh keeps the numbers list on screen with the error under it, and a click on a
//! row then picks the number drawn on that row. The real binary with `--mouse` in tmux, against
//! the demo backend with 40 numbers (so the list scrolls) and a fault that fails the refresh;
//! the click is the SGR mouse report a terminal sends. The screen is polled, never slept on.

use crate::common;
use crate::tmux_support::{Tmux, numbers, selected_number};

/// The SGR mouse report of a left click (press, then release) at a 0-based cell.
fn click(tmux: &Tmux, col: u16, row: u16) {
    let (x, y) = (col + 1, row + 1);
    tmux.run(&[
        "send-keys",
        "-l",
        &format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"),
    ]);
}

/// The number on screen row `row`, in the numbers pane (the left column).
fn number_on_row(screen: &str, row: u16) -> Option<String> {
    let line = screen.lines().nth(usize::from(row))?;
    numbers(line).into_iter().next()
}

fn click_after_a_failed_refresh(cols: u16, rows: u16) {
    let demo = common::Demo::start();
    demo.ctl.seed_fleet(40);
    // The key is in the window's environment, never typed on the screen.
    let tmux = Tmux::start_with_env(
        cols,
        rows,
        &[
            ("BLOOIO_BASE_URL", &demo.base),
            ("BLOOIO_API_KEY", common::CANARY_KEY),
        ],
    );
    tmux.launch("--mouse");
    let screen = tmux.wait_for_numbers();
    let listed = numbers(&screen);
    assert!(listed.len() > 12, "the list fills the pane: {screen}");

    // Down to the last row the list shows: with the error under it, that row is hidden unless
    // the list scrolls.
    let target = listed[listed.len() - 1].clone();
    let moves = vec!["j"; listed.len() - 1];
    tmux.keys(&moves);
    tmux.wait_for("the selection on the last row shown", |s| {
        selected_number(s).as_deref() == Some(target.as_str())
    });
    demo.fault(serde_json::json!({
        "path": "/me/numbers",
        "times": 0,
        "action": {"kind": "status", "status": 503, "message": "no active device"}
    }));
    tmux.keys(&["r"]);
    let failed = tmux.wait_for("the refresh's error under the list", |s| {
        s.contains("Could not load numbers") && selected_number(s).is_some()
    });
    assert_eq!(
        selected_number(&failed).as_deref(),
        Some(target.as_str()),
        "the selection stays in sight above the error: {failed}"
    );

    // The first list row is under the pane's border and the filter line. Whatever number is
    // drawn there now, a click there selects that one.
    let first_row = 2;
    let drawn = number_on_row(&failed, first_row).expect("a number on the first list row");
    assert_ne!(
        drawn, listed[0],
        "the list scrolled to keep the selection: {failed}"
    );
    click(&tmux, 4, first_row);
    let clicked = tmux.wait_for("the clicked number selected", |s| {
        selected_number(s).as_deref() != Some(target.as_str())
    });
    assert_eq!(
        selected_number(&clicked).as_deref(),
        Some(drawn.as_str()),
        "the click picks the number drawn on the row: {clicked}"
    );
    assert_eq!(
        number_on_row(&clicked, first_row).as_deref(),
        Some(drawn.as_str()),
        "{clicked}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_shell(), "0", "q quits");
}

#[test]
fn at_80x24_a_click_after_a_failed_refresh_picks_the_row_drawn() {
    click_after_a_failed_refresh(80, 24);
}

#[test]
fn at_120x40_a_click_after_a_failed_refresh_picks_the_row_drawn() {
    click_after_a_failed_refresh(120, 40);
}
