//! The weekly brief as one self-contained HTML file: styles inline, charts as PNG data URIs,
//! and a Content-Security-Policy that lets the page load nothing from anywhere, so it reads the
//! same offline, attached to an e-mail, or printed. Tables keep numbers as numbers (right
//! aligned, thousands separators) and copy into a spreadsheet cleanly. Every text from the data
//! is escaped. Nothing time-dependent is written: the same store and command give the same bytes.

use base64::Engine as _;

use crate::output::{Report, Rounding};

/// A chart of the brief.
pub struct Image {
    pub alt: String,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// One section: a heading, sentences, a table, charts, the notes a reader must see.
pub struct Section {
    pub id: String,
    pub heading: String,
    pub text: Vec<String>,
    /// Its tables, one under another (a wide one split in two, so that each fits a window).
    pub tables: Vec<Report>,
    pub images: Vec<Image>,
    pub notes: Vec<String>,
}

impl Section {
    pub fn new(id: &str, heading: &str) -> Section {
        Section {
            id: id.into(),
            heading: heading.into(),
            text: Vec::new(),
            tables: Vec::new(),
            images: Vec::new(),
            notes: Vec::new(),
        }
    }
}

pub struct Brief {
    pub title: String,
    pub subtitle: String,
    /// The opening sentences: what drives the change.
    pub lead: Vec<String>,
    pub sections: Vec<Section>,
}

/// Text for HTML: `<script>` is shown, never run.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root{--ink:#1a1a1a;--grey:#555;--rule:#ddd;--blue:#0072b2;--verm:#d55e00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--blue);padding-bottom:.2rem}
.subtitle{color:var(--grey);margin:.2rem 0 1rem}
.lead{background:#f3f7fb;border-left:4px solid var(--blue);padding:.6rem 1rem;margin:1rem 0}
.lead p{margin:.3rem 0}
nav{font-size:.9rem;color:var(--grey)}
nav a{color:var(--blue);margin-right:.8rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.88rem;margin:.5rem 0;white-space:nowrap}
.caption{color:var(--grey);font-size:.85rem;margin:.6rem 0 .1rem}
th,td{padding:.25rem .4rem;border-bottom:1px solid var(--rule);text-align:left}
th{font-weight:600;border-bottom:2px solid #999}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th{white-space:normal}
td.w{white-space:normal;min-width:10rem}
tr.above td{border-bottom:none}
tr.below td{white-space:normal;color:var(--grey);font-size:.82rem;padding-top:0}
.label{font-weight:600}
.notes{font-size:.85rem;color:var(--grey);padding-left:1.2rem}
figure{margin:1rem 0}
figure img{width:100%;height:auto;border:1px solid var(--rule)}
figcaption{font-size:.85rem;color:var(--grey)}
footer{font-size:.8rem;color:var(--grey);margin:2rem 0 1rem}
@media (max-width:600px){body{font-size:15px}main{padding:.6rem}table{font-size:.8rem}}
@media print{nav{display:none}section{page-break-before:always}section:first-of-type{page-break-before:auto}
 .scroll{overflow:visible}table{white-space:normal;font-size:.75rem}figure{page-break-inside:avoid}}
";

/// Checks, once the page has loaded, that every chart decoded, and which sections have a table
/// wider than the window (one that scrolls); a browser test reads the results from the
/// document's `data-images` and `data-scrolls` attributes.
const SCRIPT: &str = "addEventListener('load',function(){var d=document.documentElement,i=document.images,n=0;for(var k=0;k<i.length;k++){if(i[k].complete&&i[k].naturalWidth>0)n++}d.setAttribute('data-images',n+'/'+i.length);var w=[],s=document.querySelectorAll('.scroll');for(var k=0;k<s.length;k++){if(s[k].scrollWidth>s[k].clientWidth+1){var p=s[k].closest('section');w.push(p?p.id:'?')}}d.setAttribute('data-scrolls',w.join(' '))})";

impl Brief {
    pub fn render(&self) -> String {
        let mut h = String::new();
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
        // Nothing may be loaded from anywhere: the brief is whole as it is.
        h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
        h.push_str(&format!(
            "<title>{}</title>\n<style>{STYLE}</style>\n<script>{SCRIPT}</script>\n</head>\n<body><main>\n",
            escape(&self.title)
        ));
        h.push_str(&format!(
            "<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n",
            escape(&self.title),
            escape(&self.subtitle)
        ));
        h.push_str("<nav>");
        for s in &self.sections {
            h.push_str(&format!("<a href=\"#{}\">{}</a>", escape(&s.id), escape(&s.heading)));
        }
        h.push_str("</nav>\n");
        if !self.lead.is_empty() {
            h.push_str("<div class=\"lead\">");
            for p in &self.lead {
                h.push_str(&format!("<p>{}</p>", escape(p)));
            }
            h.push_str("</div>\n");
        }
        for s in &self.sections {
            h.push_str(&format!("<section id=\"{}\">\n<h2>{}</h2>\n", escape(&s.id), escape(&s.heading)));
            for p in &s.text {
                h.push_str(&format!("<p>{}</p>\n", escape(p)));
            }
            for t in &s.tables {
                h.push_str(&table(t));
            }
            for img in &s.images {
                let data = base64::engine::general_purpose::STANDARD.encode(&img.png);
                h.push_str(&format!(
                    "<figure><img src=\"data:image/png;base64,{data}\" width=\"{}\" height=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
                    img.width,
                    img.height,
                    escape(&img.alt),
                    escape(&img.alt)
                ));
            }
            let notes: Vec<&String> = s.tables.iter().flat_map(|t| &t.notes).chain(&s.notes).collect();
            if !notes.is_empty() {
                h.push_str("<ul class=\"notes\">");
                for n in notes {
                    h.push_str(&format!("<li>{}</li>", escape(n)));
                }
                h.push_str("</ul>\n");
            }
            h.push_str("</section>\n");
        }
        h.push_str("<footer>Made by tourstat from its store; every figure above is in the provenance section's files.</footer>\n</main></body></html>\n");
        h
    }
}

/// A report as an HTML table: numbers right aligned, as the terminal table shows them.
fn table(r: &Report) -> String {
    let (header, rows, numeric) = r.table_text(Rounding::Full);
    // The title above the table's box, so that it wraps on a phone while the table scrolls.
    let mut h = match &r.title {
        Some(t) => format!("<p class=\"caption\">{}</p>", escape(t)),
        None => String::new(),
    };
    // A column empty in every row (no target in the store, no level of 2019) is left out; a
    // long text last (a claim's explanation) is a line of its own under its row, another long
    // text wraps, and a heading breaks at its underscores: at a desktop's width the table fits,
    // where the claims' verdicts sat off screen behind a scroll (trial 40).
    let shown: Vec<usize> = (0..header.len())
        .filter(|&i| rows.iter().any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty())))
        .collect();
    let long =
        |i: usize| !numeric[i] && rows.iter().any(|r| r.get(i).is_some_and(|c| c.chars().count() > 24));
    // The long texts last, each a line of its own (a claim's explanation, then its sentence:
    // trial 64 M10's column made the claims table scroll), one column kept above them.
    let trailing = shown.iter().rev().take_while(|&&i| long(i)).count().min(shown.len().saturating_sub(1));
    let below: Vec<usize> = shown[shown.len() - trailing..].to_vec();
    let columns: Vec<usize> = shown.iter().copied().filter(|i| !below.contains(i)).collect();
    let class = |i: usize| match (numeric.get(i).copied().unwrap_or(false), long(i)) {
        (true, _) => " class=\"n\"",
        (false, true) => " class=\"w\"",
        _ => "",
    };
    h.push_str("<div class=\"scroll\"><table>");
    h.push_str("<thead><tr>");
    for &i in &columns {
        h.push_str(&format!("<th{}>{}</th>", class(i), escape(&header[i]).replace('_', "_<wbr>")));
    }
    h.push_str("</tr></thead><tbody>");
    for row in &rows {
        h.push_str(if below.is_empty() { "<tr>" } else { "<tr class=\"above\">" });
        for &i in &columns {
            let cell = row.get(i).map_or("", String::as_str);
            // Indentation of the tree (leading spaces) as padding that survives HTML.
            let depth = cell.len() - cell.trim_start().len();
            let style = if depth > 0 {
                format!(" style=\"padding-left:{}em\"", 0.6 + depth as f64 * 0.5)
            } else {
                String::new()
            };
            // A span of days (2025-06-01..2025-12-31) may break after its dots, a file's path
            // after a slash (a brief's provenance scrolled at 1200 px, its paths whole).
            let text = path_breaks(&escape(cell.trim_start()).replace("..", "..<wbr>"));
            h.push_str(&format!("<td{}{style}>{text}</td>", class(i)));
        }
        h.push_str("</tr>");
        // (A row whose text is empty has no line below.)
        for &i in below.iter().filter(|&&i| row.get(i).is_some_and(|t| !t.trim().is_empty())) {
            let text = escape(row.get(i).map_or("", String::as_str).trim());
            h.push_str(&format!(
                "<tr class=\"below\"><td colspan=\"{}\"><span class=\"label\">{}:</span> {text}</td></tr>",
                columns.len(),
                escape(&header[i])
            ));
        }
    }
    h.push_str("</tbody></table></div>\n");
    h
}

/// Text that may break after each slash of a path ("data/<wbr>arrivals.csv"): one after a
/// letter or digit, so that an escaped tag ("&lt;/b&gt;") is left as it is.
fn path_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    for c in text.chars() {
        out.push(c);
        if c == '/' && previous.is_some_and(char::is_alphanumeric) {
            out.push_str("<wbr>");
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Cell;

    #[test]
    fn a_path_may_break_after_its_slashes_and_a_tag_is_left_whole() {
        assert_eq!(path_breaks("/work/data/a.csv"), "/work/<wbr>data/<wbr>a.csv");
        assert_eq!(path_breaks("&lt;/b&gt;"), "&lt;/b&gt;");
    }

    #[test]
    fn text_from_the_data_is_shown_never_run() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        let mut r = Report::new(&["market", "seats"]);
        r.push(vec![Cell::text("  <b>x</b>"), Cell::Count(849_034)]);
        let html = table(&r);
        assert!(
            html.contains(
                "<td style=\"padding-left:1.6em\">&lt;b&gt;x&lt;/b&gt;</td><td class=\"n\">849,034</td>"
            ),
            "{html}"
        );
    }

    #[test]
    fn a_column_empty_in_every_row_is_left_out_and_long_text_wraps() {
        let mut r = Report::new(&["market", "pct_of_2019", "travel_window", "explanation"]);
        let long = "arrivals of 2025-H1 as known on 2025-07-09; the store has 11,104,521";
        let window = "2025-06-01..2025-12-31";
        r.push(vec![Cell::text("A"), Cell::Empty, Cell::text(window), Cell::text(long)]);
        r.push(vec![Cell::text("B"), Cell::Empty, Cell::text(window), Cell::Empty]);
        let html = table(&r);
        assert!(!html.contains("pct_of_2019"), "{html}");
        assert!(
            html.contains("<thead><tr><th>market</th><th>travel_<wbr>window</th></tr></thead>"),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<tr class=\"above\"><td>A</td><td>2025-06-01..<wbr>2025-12-31</td></tr><tr class=\"below\"><td colspan=\"2\"><span class=\"label\">explanation:</span> {long}</td></tr>"
            )),
            "{html}"
        );
        // B's explanation is empty: no line below it.
        assert!(
            html.ends_with("<td>B</td><td>2025-06-01..<wbr>2025-12-31</td></tr></tbody></table></div>\n"),
            "{html}"
        );
        assert_eq!(html.matches("class=\"below\"").count(), 1, "{html}");
    }
}
