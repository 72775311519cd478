//! The one place text is escaped for Markdown and HTML output: the summary's Markdown and
//! HTML, and the CLI's `check --format md`, `questions --format md` and `rules`. Every text
//! that comes from a report, an export or a pack (provider ids and names, service types,
//! answers, titles, messages) goes through these before it reaches a document, so that no
//! text is read as markup — a provider named `<script>…</script>` stays text in a viewer
//! that renders Markdown as HTML.

/// Escapes `text` for Markdown, strictly: the result is one line that renders as exactly the
/// text given, in a paragraph, a heading or a table cell.
///
/// - `\`, `` ` ``, `*`, `_`, `~`, `[`, `]` and `|` get a backslash (no emphasis,
///   strikethrough, code, link or cell break);
/// - `<`, `>` and `&` become `&lt;`, `&gt;` and `&amp;` (no HTML tag, autolink or entity —
///   also in viewers that pass raw HTML through);
/// - a line end (`\n`, `\r`, `\r\n`) becomes one space, and other control characters are
///   dropped (a table row stays one line).
///
/// ```
/// use granska_summary::escape::markdown;
/// assert_eq!(markdown("<script>a|b</script>"), "&lt;script&gt;a\\|b&lt;/script&gt;");
/// assert_eq!(markdown("*x*_y_\n`z`"), "\\*x\\*\\_y\\_ \\`z\\`");
/// ```
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span (for an id or an expression): fenced by more backticks
/// than any run of them in the text, `|` escaped so that a table cell does not break, a
/// line end as a space. Inside a code span nothing is markup, `<` included.
///
/// ```
/// use granska_summary::escape::markdown_code;
/// assert_eq!(markdown_code("a = 1"), "`a = 1`");
/// assert_eq!(markdown_code("x `y` | z"), "`` x `y` \\| z ``");
/// ```
pub fn markdown_code(text: &str) -> String {
    let body: String = text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).filter(|c| !c.is_control()).collect::<String>().replace('|', "\\|");
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || body.starts_with(' ') && body.ends_with(' ') && !body.trim().is_empty() { format!("{fence} {body} {fence}") } else { format!("{fence}{body}{fence}") }
}

/// Escapes `text` for HTML element content and quoted attribute values: `&`, `<`, `>`, `"`
/// and `'` become character references.
///
/// ```
/// use granska_summary::escape::html;
/// assert_eq!(html("<b class='x'>&</b>"), "&lt;b class=&#39;x&#39;&gt;&amp;&lt;/b&gt;");
/// ```
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_leaves_no_markup() {
        let text = "<script>alert(1)</script> | *b* _i_ [l](u) `c` \\ & > x\r\ny\rz\u{7}";
        let out = markdown(text);
        assert_eq!(out, "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*b\\* \\_i\\_ \\[l\\](u) \\`c\\` \\\\ &amp; &gt; x y z");
        assert!(!out.contains('<') && !out.contains('\n') && !out.contains('\r'));
    }

    #[test]
    fn a_code_span_holds_backticks_and_pipes() {
        assert_eq!(markdown_code("`"), "`` ` ``");
        assert_eq!(markdown_code("a ``b`` c"), "``` a ``b`` c ```");
        assert_eq!(markdown_code("a|b\nc"), "`a\\|b c`");
        assert_eq!(markdown_code(""), "``");
    }
}
