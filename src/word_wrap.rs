//! Word-wrapping text to a width in terminal columns (an emoji takes two, a combining accent
//! none): the TUI's conversation rows and the CLI's prose on a narrow terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Word-wraps `text` (which may hold newlines) into rows of at most `width` columns; a word longer
/// than a row is split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    text.split('\n')
        .flat_map(|para| paragraph(para, width, width))
        .collect()
}

/// `text` with each line word-wrapped to `width` columns. A line keeps its leading spaces, and
/// the rows it goes on to are indented `hang` columns more, so each line still reads as one item
/// (`✗ chat: reason` over two rows). Ends in a newline when `text` does.
pub fn lines(text: &str, width: usize, hang: usize) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in body.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let words = line.trim_start_matches(' ');
        let indent = line.len() - words.len();
        let first = width.saturating_sub(indent);
        let more = width.saturating_sub(indent + hang);
        for (row_n, row) in paragraph(words, first, more).iter().enumerate() {
            if row_n > 0 {
                out.push('\n');
                out.push_str(&" ".repeat(indent + hang));
            } else {
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(row);
        }
    }
    if body.len() < text.len() {
        out.push('\n');
    }
    out
}

/// One paragraph's rows: the first at most `first` columns, the others at most `more`.
fn paragraph(para: &str, first: usize, more: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let room = |rows: &Vec<String>| if rows.is_empty() { first } else { more }.max(1);
    let mut row = String::new();
    for word in para.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!row.is_empty());
        if row.width() + sep + word.width() <= room(&rows) {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        for c in word.chars() {
            if row.width() + c.width().unwrap_or(0) > room(&rows) {
                rows.push(std::mem::take(&mut row));
            }
            row.push(c);
        }
    }
    rows.push(row);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_splits_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn lines_keep_their_indent_hang_and_the_last_newline() {
        assert_eq!(lines("one two three\n", 7, 0), "one two\nthree\n");
        assert_eq!(lines("a\n\nb", 7, 0), "a\n\nb");
        assert_eq!(
            lines("✗ chat: one two\n  2 × three four", 10, 2),
            "✗ chat:\n  one two\n  2 ×\n    three\n    four"
        );
    }
}
