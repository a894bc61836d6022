//! Where the avatar's picture is on screen, in cells and then in screenshot pixels.
//!
//! The columns are those `tui::layout` gives the avatar box for the screen's size. The rows are
//! read from the screen's text: the picture ends above the line of facts drawn right under it
//! (`640×640 JPEG`) and starts below the last line with words in the box's columns (a hint line
//! may sit above the picture). A pixel protocol leaves the picture's cells blank or fills them
//! with placeholder characters, and half blocks are `▀`/`▄`: no words either way.

use bloocard::tui::layout;
use unicode_width::UnicodeWidthChar;

use super::photo::PixelRect;

/// A screen region in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cells {
    pub left: u16,
    pub top: u16,
    pub width: u16,
    pub height: u16,
}

/// The picture's box in pixels, for bloocard's `screen` drawn in `app` (where bloocard's screen
/// is in the terminal) with cells of `cell` pixels. `None` while no picture is shown (no facts
/// line) or the box has no room.
pub fn bounds(screen: &str, app: Cells, cell: (u32, u32)) -> Option<PixelRect> {
    let panes = layout::panes_for((app.width, app.height))?;
    let (_, area) = layout::card_body(panes.card);
    let rows: Vec<&str> = screen.lines().collect();
    let (x0, x1) = (usize::from(area.x), usize::from(area.x + area.width));
    let facts = (usize::from(area.y)..rows.len()).find(|&r| is_facts_line(rows[r]))?;
    let mut top = facts;
    while top > usize::from(area.y) && !has_words(&columns(rows[top - 1], x0, x1)) {
        top -= 1;
    }
    let height = u32::try_from(facts - top).ok().filter(|&h| h >= 2)?;
    let (cw, ch) = cell;
    let top = u32::try_from(top).ok()?;
    Some(PixelRect {
        x: (u32::from(app.left) + u32::from(area.x)) * cw,
        y: (u32::from(app.top) + top) * ch,
        width: u32::from(area.width) * cw,
        height: height * ch,
    })
}

/// The characters of `line` in columns `x0..x1` (a wide character counts two columns; combining
/// marks and other zero-width characters belong to the cell before and are left out).
fn columns(line: &str, x0: usize, x1: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if w == 0 {
            continue;
        }
        if (x0..x1).contains(&col) {
            out.push(c);
        }
        col += w;
    }
    out
}

fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The line under the picture: `W×H FORMAT`.
fn is_facts_line(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        w.split_once('×').is_some_and(|(a, b)| {
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            digits(a) && digits(b)
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_count_wide_and_skip_combining_characters() {
        assert_eq!(super::columns("ab│cd", 2, 4), "│c");
        assert_eq!(super::columns("名x", 2, 3), "x");
        assert_eq!(
            super::columns("a\u{10EEEE}\u{305}\u{345}b", 1, 3),
            "\u{10EEEE}b"
        );
    }

    #[test]
    fn the_facts_line_is_size_and_format() {
        assert!(super::is_facts_line("│   640×640 JPEG   │"));
        assert!(!super::is_facts_line("│ ×2 and 3× │"));
    }
}
