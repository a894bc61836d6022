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
/// the last row shown ends with `…`. A line of several styled spans keeps to one row.
pub fn wrapped(lines: Vec<Line<'static>>, width: u16, height: u16) -> Vec<Line<'static>> {
    let mut rows: Vec<Line<'static>> = Vec::new();
    let w = usize::from(width.max(1));
    for l in lines {
        if l.spans.len() != 1 {
            rows.push(line(l, width));
            continue;
        }
        let style = l.spans[0].style.patch(l.style);
        let mut row = String::new();
        for word in l.spans[0].content.split(' ') {
            let candidate = if row.is_empty() {
                word.to_owned()
            } else {
                format!("{row} {word}")
            };
            if candidate.width() <= w || row.is_empty() {
                row = candidate;
            } else {
                rows.push(Line::styled(ellipsis(&row, w), style));
                row = word.to_owned();
            }
        }
        rows.push(Line::styled(ellipsis(&row, w), style));
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
}
