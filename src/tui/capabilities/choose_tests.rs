use super::*;
use crate::tui::capabilities::env::Detected;

fn ctx(tmux: bool) -> Context {
    Context {
        env: Detected {
            protocol: Protocol::Halfblocks,
            reason: "no graphics terminal named",
        },
        tmux,
        passthrough: Passthrough::On,
        winsize_cell: Some((8, 16)),
    }
}

fn facts(
    version: Option<&str>,
    kitty: Option<bool>,
    cell: Option<(u16, u16)>,
    da1: &[u16],
) -> Facts {
    Facts {
        version: version.map(str::to_owned),
        kitty,
        cell,
        da1: Some(da1.to_vec()),
    }
}

const XTERM_DA1: [u16; 10] = [63, 1, 2, 4, 6, 9, 15, 16, 22, 28];

#[test]
fn the_terminals_on_this_machine_get_what_they_draw() {
    // xterm -ti vt340, as it answers here: XTVERSION, DA1 with 4, no kitty, no 16t.
    let xterm = facts(Some("XTerm(379)"), None, None, &XTERM_DA1);
    let g = choose(&ctx(false), &xterm, None);
    assert_eq!(
        (g.protocol, g.cell, g.passthrough),
        (Protocol::Sixel, (8, 16), false)
    );
    assert_eq!(
        g.summary,
        "XTerm(379) via XTVERSION; DA1 lists sixel → sixel"
    );
    // Debian 12's kitty 0.26.5: kitty graphics without Unicode placeholders.
    let kitty = facts(Some("kitty(0.26.5)"), Some(true), Some((9, 18)), &[62]);
    let g = choose(&ctx(false), &kitty, None);
    assert_eq!((g.protocol, g.cell), (Protocol::KittyDirect, (9, 18)));
    assert_eq!(
        g.summary,
        "kitty(0.26.5) via XTVERSION; no Unicode placeholders → kitty graphics (direct placement)"
    );
}

#[test]
fn placeholders_only_where_the_terminal_has_them() {
    let new_kitty = facts(Some("kitty(0.35.2)"), Some(true), Some((9, 18)), &[62]);
    assert_eq!(
        choose(&ctx(false), &new_kitty, None).protocol,
        Protocol::KittyPlaceholders
    );
    let ghostty = facts(Some("ghostty 1.1.3"), Some(true), None, &[62, 22]);
    assert_eq!(
        choose(&ctx(false), &ghostty, None).protocol,
        Protocol::KittyPlaceholders
    );
    // A kitty-graphics terminal that does not name itself: direct placement.
    let unnamed = facts(None, Some(true), None, &[62]);
    assert_eq!(
        choose(&ctx(false), &unnamed, None).protocol,
        Protocol::KittyDirect
    );
}

#[test]
fn iterm2_where_xtversion_names_a_terminal_that_draws_it() {
    for name in [
        "iTerm2 3.5.4",
        "WezTerm 20240203-110809-5046fc22",
        "mintty 3.7.0",
    ] {
        let t = facts(Some(name), Some(true), None, &[62, 4]);
        assert_eq!(
            choose(&ctx(false), &t, None).protocol,
            Protocol::Iterm2,
            "{name}"
        );
    }
}

#[test]
fn silence_garbage_or_no_cell_size_mean_half_blocks() {
    let da1_only = facts(None, None, None, &[1, 2]);
    let g = choose(&ctx(false), &da1_only, None);
    assert_eq!(g.protocol, Protocol::Halfblocks);
    assert_eq!(
        g.summary,
        "the terminal (no XTVERSION): no kitty graphics, no sixel in DA1 → half blocks"
    );
    let mut no_cell = ctx(false);
    no_cell.winsize_cell = None;
    let xterm = facts(Some("XTerm(379)"), None, None, &XTERM_DA1);
    let g = choose(&no_cell, &xterm, None);
    assert_eq!(g.protocol, Protocol::Halfblocks);
    assert!(
        g.summary.contains("no cell size in pixels"),
        "{}",
        g.summary
    );
    // What the environment named still counts when the terminal says nothing useful.
    let mut named = ctx(false);
    named.env = Detected {
        protocol: Protocol::Iterm2,
        reason: "LC_TERMINAL",
    };
    assert_eq!(choose(&named, &da1_only, None).protocol, Protocol::Iterm2);
}

#[test]
fn in_tmux_its_own_sixel_needs_both_da1s_to_list_4() {
    let tmux35 = facts(Some("tmux 3.5a"), None, None, &[1, 2, 4]);
    let tmux33 = facts(Some("tmux 3.3a"), None, None, &[1, 2]);
    let xterm = facts(Some("XTerm(379)"), None, None, &XTERM_DA1);
    let g = choose(&ctx(true), &tmux35, Some(&xterm));
    assert_eq!((g.protocol, g.passthrough), (Protocol::Sixel, false));
    let g = choose(&ctx(true), &tmux33, Some(&xterm));
    assert_eq!(g.protocol, Protocol::Halfblocks);
    assert!(
        g.hint.as_deref().is_some_and(|h| h.contains("tmux ≥ 3.4")),
        "{g:?}"
    );
    // tmux's sixel without an outer terminal that has it: not used.
    let kitty26 = facts(Some("kitty(0.26.5)"), Some(true), Some((9, 18)), &[62]);
    let g = choose(&ctx(true), &tmux35, Some(&kitty26));
    assert_eq!((g.protocol, g.passthrough), (Protocol::KittyDirect, true));
}

#[test]
fn in_tmux_kitty_and_iterm2_go_through_passthrough() {
    let tmux = facts(Some("tmux 3.3a"), None, None, &[1, 2]);
    let kitty = facts(Some("kitty(0.35.2)"), Some(true), Some((9, 18)), &[62]);
    let g = choose(&ctx(true), &tmux, Some(&kitty));
    assert_eq!(
        (g.protocol, g.passthrough, g.cell),
        (Protocol::KittyPlaceholders, true, (9, 18))
    );
    let wezterm = facts(Some("WezTerm 20240203"), Some(true), None, &[62, 4]);
    let g = choose(&ctx(true), &tmux, Some(&wezterm));
    assert_eq!((g.protocol, g.passthrough), (Protocol::Iterm2, true));
}

#[test]
fn in_tmux_with_passthrough_off_the_hint_says_how_to_turn_it_on() {
    let tmux = facts(Some("tmux 3.3a"), None, None, &[1, 2]);
    let mut off = ctx(true);
    off.passthrough = Passthrough::Off("tmux did not answer".into());
    let g = choose(&off, &tmux, None);
    assert_eq!(g.protocol, Protocol::Halfblocks);
    assert_eq!(g.hint, Some(passthrough_hint()));
    // With passthrough on and no outer answer (yet), no hint: it may come late.
    let g = choose(&ctx(true), &tmux, None);
    assert_eq!((g.protocol, g.hint), (Protocol::Halfblocks, None));
    // XTVERSION saying tmux counts even without TMUX in the environment (over ssh -t).
    assert_eq!(
        choose(&ctx(false), &tmux, None).protocol,
        Protocol::Halfblocks
    );
}

#[test]
fn versions_compare_by_number() {
    assert!(version_at_least("0.28.0", (0, 28)));
    assert!(version_at_least("0.35.2", (0, 28)));
    assert!(version_at_least("1.0", (0, 28)));
    assert!(!version_at_least("0.26.5", (0, 28)));
    assert!(!version_at_least("x", (0, 28)));
}
