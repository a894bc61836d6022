//! Word-wrapping text to a width in terminal columns (an emoji takes two, a combining accent
//! none): the TUI's conversation rows and the CLI's prose on a narrow terminal.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Word-wraps `text` (which may hold newlines) into rows of at most `width` columns; a word longer
/// than a row is split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for para in text.split('\n') {
        let mut row = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let sep = usize::from(!row.is_empty());
            if row.width() + sep + word.width() <= width {
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
                if row.width() + c.width().unwrap_or(0) > width {
                    rows.push(std::mem::take(&mut row));
                }
                row.push(c);
            }
        }
        rows.push(row);
    }
    rows
}

/// `text` with each of its lines word-wrapped to `width` columns, one row a line, ending in a
/// newline when `text` does. An empty line stays.
pub fn lines(text: &str, width: usize) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = wrap(body, width).join("\n");
    if body.len() < text.len() {
        out.push('\n');
    }
    out
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
    fn lines_keep_the_last_newline_and_empty_lines() {
        assert_eq!(lines("one two three\n", 7), "one two\nthree\n");
        assert_eq!(lines("a\n\nb", 7), "a\n\nb");
    }
}
