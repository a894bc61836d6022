//! What a terminal would show after a stream of output, as far as the tests need it: ratatui
//! writes only the cells that change, moving the cursor (`CSI row;col H`) over the others, so
//! words drawn over an earlier frame are found only on the screen, not in the bytes.

/// The screen (`cols`×`rows`) after `output`, its rows joined with newlines. Handles cursor
/// positioning, carriage return, line feed and printable characters (each one cell wide);
/// other escape sequences and strings (a sixel picture among them) are skipped.
pub fn screen(output: &str, cols: usize, rows: usize) -> String {
    let mut cells = vec![vec![' '; cols]; rows];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = output.chars();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    let end = chars.by_ref().find(|c| {
                        let done = ('@'..='~').contains(c);
                        if !done {
                            params.push(*c);
                        }
                        done
                    });
                    if end == Some('H') {
                        let mut at = params.split(';').map(|p| p.parse::<usize>().unwrap_or(1));
                        row = at.next().unwrap_or(1).saturating_sub(1).min(rows - 1);
                        col = at.next().unwrap_or(1).saturating_sub(1).min(cols - 1);
                    }
                }
                Some('P' | '_' | ']') => skip_string(&mut chars),
                _ => {}
            },
            '\r' => col = 0,
            '\n' => row = (row + 1).min(rows - 1),
            c if c.is_control() => {}
            c => {
                if col < cols {
                    cells[row][col] = c;
                }
                col += 1;
            }
        }
    }
    cells
        .into_iter()
        .map(|r| r.into_iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Skips a string up to its ST (ESC \\) or BEL.
fn skip_string(chars: &mut std::str::Chars<'_>) {
    if chars.by_ref().find(|&c| c == '\x1b' || c == '\x07') == Some('\x1b') {
        chars.next();
    }
}

#[test]
fn a_word_drawn_over_an_earlier_frame_is_read_whole() {
    let out = "\x1b[1;1Hno kitty graphics\x1b[2;1Hx\x1b[1;1Hno\x1b[1;4Hkit\x1b[1;10Hgr\x1b[1;13Hphics\x1b_Gjunk\x1b\\";
    let shown = screen(out, 20, 2);
    assert_eq!(shown, "no kitty graphics   \nx                   ");
}
