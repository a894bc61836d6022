//! Text cut to the width it has: it ends with `…` where it was cut, never mid-glyph and never
//! silently clipped at a pane edge.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// `text` in at most `width` columns, ending with `…` when it had to be cut.
pub fn ellipsis(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut cut_in_word = false;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width - 1 {
            cut_in_word = !c.is_whitespace();
            break;
        }
        out.push(c);
        used += w;
    }
    // Cut between words when a word boundary is not too far back.
    if cut_in_word
        && let Some(space) = out.rfind(' ')
        && out[..space].width() >= width / 2
    {
        out.truncate(space);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

/// A line of styled spans cut to `width` columns, ending with `…` where it was cut.
pub fn line(line: Line<'static>, width: u16) -> Line<'static> {
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let style = line.style;
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut left = width;
    for span in line.spans {
        let w = span.content.width();
        // Whole spans while there is room for them and the `…` still to come.
        if w < left {
            left -= w;
            spans.push(span);
            continue;
        }
        let cut = ellipsis(&span.content, left);
        if cut.trim_end_matches('…').trim().is_empty() {
            // Nothing of this span fits: the `…` ends the last whole one instead.
            while spans.len() > 1 && spans.last().is_some_and(|l| l.content.trim().is_empty()) {
                spans.pop();
            }
            match spans.last_mut() {
                Some(last) => last.content = format!("{}…", last.content.trim_end()).into(),
                None => spans.push(Span::styled(cut, span.style)),
            }
        } else {
            spans.push(Span::styled(cut, span.style));
        }
        break;
    }
    Line::from(spans).style(style)
}

/// Lines word-wrapped into `width` columns and at most `height` rows; when they do not all fit,
/// the last row shown ends with `…`. Styled spans keep their style across the wrap.
pub fn wrapped(lines: Vec<Line<'static>>, width: u16, height: u16) -> Vec<Line<'static>> {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let w = usize::from(width.max(1));
    for l in lines {
        let mut row: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for (word, style) in words(&l) {
            let shown = word.trim_end().width();
            // A new row only between words (the row so far ends with a space).
            let at_space = row.last().is_some_and(|s| s.content.ends_with(' '));
            if used + shown > w && at_space {
                rows.push(line(trim_row(std::mem::take(&mut row)), width));
                used = 0;
            }
            used += word.width();
            row.push(Span::styled(word, style));
        }
        rows.push(line(trim_row(row), width));
    }
    let height = usize::from(height);
    if rows.len() > height {
        rows.truncate(height);
        if let Some(last) = rows.pop() {
            let style = last.spans.first().map(|s| s.style).unwrap_or_default();
            let mut text = last.to_string().trim_end().to_owned();
            // Whole words only, room left for the `…`.
            while text.width() + 1 > w {
                match text.rfind(' ') {
                    Some(i) => text.truncate(i),
                    None => {
                        text = ellipsis(&text, w.saturating_sub(1));
                        break;
                    }
                }
            }
            text.push('…');
            rows.push(Line::styled(text, style));
        }
    }
    rows
}

/// The line's text cut after each space, each piece with its span's style (the line's style
/// under it).
fn words(l: &Line<'static>) -> Vec<(String, ratatui::style::Style)> {
    let mut out = Vec::new();
    for span in &l.spans {
        let style = l.style.patch(span.style);
        let mut rest = span.content.as_ref();
        while !rest.is_empty() {
            let end = rest.find(' ').map_or(rest.len(), |i| i + 1);
            out.push((rest[..end].to_owned(), style));
            rest = &rest[end..];
        }
    }
    out
}

/// A wrapped row without the spaces it ended on.
fn trim_row(mut row: Vec<Span<'static>>) -> Line<'static> {
    while row.len() > 1 && row.last().is_some_and(|s| s.content.trim().is_empty()) {
        row.pop();
    }
    if let Some(last) = row.last_mut() {
        last.content = last.content.trim_end().to_owned().into();
    }
    Line::from(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_or_ends_with_an_ellipsis() {
        assert_eq!(ellipsis("hello", 5), "hello");
        assert_eq!(ellipsis("hello world", 8), "hello…");
        assert_eq!(ellipsis("hello", 0), "");
    }

    #[test]
    fn a_cut_line_ends_with_an_ellipsis() {
        let l = line(Line::from(vec![Span::raw("abc "), Span::raw("defgh")]), 6);
        assert!(l.width() <= 6);
        assert!(l.to_string().ends_with('…'), "{l}");
        let whole = line(Line::raw("short"), 10);
        let rows = wrapped(vec![Line::raw("one two three four five six")], 9, 2);
        assert_eq!(rows.len(), 2);
        assert!(rows[1].to_string().ends_with('…'), "{rows:?}");
        assert_eq!(whole.to_string(), "short");
    }

    #[test]
    fn styled_spans_wrap_between_words_and_keep_their_styles() {
        let bold = ratatui::style::Style::new().bold();
        let l = Line::from(vec![
            Span::raw("Sent msg_1 to +15550001: "),
            Span::styled("delivered", bold),
        ]);
        let rows = wrapped(vec![l], 30, 3);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].to_string(), "Sent msg_1 to +15550001:");
        assert_eq!(rows[1].to_string(), "delivered");
        assert_eq!(rows[1].spans[0].style, bold);
    }
}
