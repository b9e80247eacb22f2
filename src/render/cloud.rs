//! Word clouds as SVG: sized by how many respondents used each term, placed on a spiral so no
//! two words overlap, horizontal, measured with the embedded font, with a title and description.

use super::font::{self, FAMILY, FONT_BYTES};
use super::grouped;
use base64::Engine;
use std::fmt::Write;

/// Dark colours, each with a contrast of at least 7:1 on white.
const PALETTE: [&str; 6] = [
    "#1f4e79", "#7a1f1f", "#1e5631", "#5b2a86", "#7a4a00", "#333333",
];
const MARGIN: f64 = 4.0;
/// Space kept round each word's ink.
const PADDING: f64 = 1.5;
/// How many times the sizes shrink before words that still do not fit are reported.
const SHRINKS: usize = 12;

/// What a cloud shows: a term and its weight (respondents using it).
#[derive(Debug, Clone, PartialEq)]
pub struct CloudWord {
    pub text: String,
    pub weight: u64,
}

/// Size and type limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CloudOptions {
    pub width: f64,
    pub height: f64,
    pub max_size: f64,
    pub min_size: f64,
}

impl Default for CloudOptions {
    fn default() -> Self {
        CloudOptions {
            width: 800.0,
            height: 450.0,
            max_size: 64.0,
            min_size: 13.0,
        }
    }
}

/// A placed word: its baseline start, size, and ink box (left, top, right, bottom).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub text: String,
    pub weight: u64,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub bounds: (f64, f64, f64, f64),
}

/// The laid-out cloud, and any words that did not fit even at the smallest sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub placed: Vec<Placed>,
    pub unplaced: Vec<CloudWord>,
    pub options: CloudOptions,
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Lays words out, largest first from the centre outwards. Same words, same layout.
pub fn layout(words: &[CloudWord], options: CloudOptions) -> Layout {
    let (low, high) = match (
        words.iter().map(|w| w.weight).min(),
        words.iter().map(|w| w.weight).max(),
    ) {
        (Some(low), Some(high)) => (low, high),
        _ => {
            return Layout {
                placed: Vec::new(),
                unplaced: Vec::new(),
                options,
            };
        }
    };
    let mut scale: f64 = 1.0;
    let mut best: Option<Layout> = None;
    let size_of = |weight: u64, scale: f64| {
        let share = if high == low {
            1.0
        } else {
            (weight - low) as f64 / (high - low) as f64
        };
        let size = options.min_size + (options.max_size - options.min_size) * share;
        // Half-pixel steps keep the SVG short and the same on every machine.
        ((size * scale * 2.0).round() / 2.0).max(6.0)
    };
    // Words whose boxes cover more than the canvas cannot all fit: shrink before trying.
    let area = |scale: f64| -> f64 {
        words
            .iter()
            .map(|w| {
                let e = font::measure(&w.text, size_of(w.weight, scale));
                (e.width + 2.0 * PADDING) * (e.ascent + e.descent + 2.0 * PADDING)
            })
            .sum()
    };
    let room = (options.width - 2.0 * MARGIN) * (options.height - 2.0 * MARGIN) * 0.8;
    let mut shrinks = 0;
    while shrinks < SHRINKS && area(scale) > room {
        scale *= 0.9;
        shrinks += 1;
    }
    for _ in shrinks..=SHRINKS {
        let attempt = place_all(words, options, |weight| size_of(weight, scale));
        let done = attempt.unplaced.is_empty();
        if best
            .as_ref()
            .is_none_or(|b| attempt.unplaced.len() < b.unplaced.len())
        {
            best = Some(attempt);
        }
        if done {
            break;
        }
        scale *= 0.9;
    }
    best.expect("at least one attempt")
}

fn place_all(words: &[CloudWord], options: CloudOptions, size_of: impl Fn(u64) -> f64) -> Layout {
    let mut placed: Vec<Placed> = Vec::new();
    let mut unplaced = Vec::new();
    let (cx, cy) = (options.width / 2.0, options.height / 2.0);
    for word in words {
        let size = size_of(word.weight);
        let extent = font::measure(&word.text, size);
        let (w, up, down) = (
            extent.width + 2.0 * PADDING,
            extent.ascent + PADDING,
            extent.descent + PADDING,
        );
        if w > options.width - 2.0 * MARGIN || up + down > options.height - 2.0 * MARGIN {
            unplaced.push(word.clone());
            continue;
        }
        // The box hit last is most likely hit again at the next spiral step: test it first.
        let mut last_hit = 0;
        let mut fits = |x: f64, y: f64| {
            let bounds = (x - PADDING, y - up, x - PADDING + w, y + down);
            let inside = bounds.0 >= MARGIN
                && bounds.1 >= MARGIN
                && bounds.2 <= options.width - MARGIN
                && bounds.3 <= options.height - MARGIN;
            if !inside {
                return None;
            }
            if placed
                .get(last_hit)
                .is_some_and(|p| overlaps(p.bounds, bounds))
            {
                return None;
            }
            match placed.iter().position(|p| overlaps(p.bounds, bounds)) {
                Some(hit) => {
                    last_hit = hit;
                    None
                }
                None => Some(bounds),
            }
        };
        // Start with the word centred, then walk a rectangular spiral in whole pixels.
        let x0 = (cx - extent.width / 2.0).round();
        let y0 = (cy + (extent.ascent - extent.descent) / 2.0).round();
        let found = spiral(options).find_map(|(dx, dy)| {
            let (x, y) = (x0 + dx as f64, y0 + dy as f64);
            fits(x, y).map(|bounds| (x, y, bounds))
        });
        match found {
            Some((x, y, bounds)) => placed.push(Placed {
                text: word.text.clone(),
                weight: word.weight,
                x,
                y,
                size,
                bounds,
            }),
            None => unplaced.push(word.clone()),
        }
    }
    Layout {
        placed,
        unplaced,
        options,
    }
}

/// Offsets of a rectangular spiral, wider than tall like the canvas, covering the whole canvas.
fn spiral(options: CloudOptions) -> impl Iterator<Item = (i64, i64)> {
    let (step_x, step_y) = (3i64, 2i64);
    let reach =
        (options.width / (2 * step_x) as f64).max(options.height / (2 * step_y) as f64) as i64 + 1;
    std::iter::once((0, 0)).chain((1..=reach).flat_map(move |ring| {
        let top = (-ring..=ring).map(move |i| (i * step_x, -ring * step_y));
        let right = (-ring + 1..=ring).map(move |i| (ring * step_x, i * step_y));
        let bottom = (-ring..ring)
            .rev()
            .map(move |i| (i * step_x, ring * step_y));
        let left = (-ring + 1..ring)
            .rev()
            .map(move |i| (-ring * step_x, i * step_y));
        top.chain(right).chain(bottom).chain(left)
    }))
}

/// Escapes text for XML content and attributes.
pub fn escape_xml(text: &str) -> String {
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

/// The `@font-face` rule embedding the cloud font (once per document is enough).
pub fn font_face() -> String {
    format!(
        "@font-face{{font-family:'{FAMILY}';src:url(data:font/ttf;base64,{}) format('truetype');font-weight:bold}}",
        base64::engine::general_purpose::STANDARD.encode(FONT_BYTES)
    )
}

/// The SVG of a laid-out cloud. `id` makes element ids unique in a page; `title` names the
/// cloud; `embed_font` adds the font (leave it out when the page embeds it once).
pub fn svg(layout: &Layout, id: &str, title: &str, answered: u64, embed_font: bool) -> String {
    let o = layout.options;
    let id: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"cloud-{id}-title cloud-{id}-desc\">",
        w = o.width,
        h = o.height
    );
    let _ = writeln!(
        out,
        "<title id=\"cloud-{id}-title\">{}</title>",
        escape_xml(title)
    );
    let listed: Vec<String> = layout
        .placed
        .iter()
        .map(|p| format!("{} ({})", p.text, grouped(p.weight)))
        .collect();
    let mut desc = format!(
        "Word cloud of the words and phrases used most often in {} answers",
        grouped(answered)
    );
    if listed.is_empty() {
        desc.push('.');
    } else {
        let _ = write!(
            desc,
            "; the larger the word, the more respondents used it. Respondents per term: {}.",
            listed.join(", ")
        );
    }
    if !layout.unplaced.is_empty() {
        let missing: Vec<String> = layout
            .unplaced
            .iter()
            .map(|w| format!("{} ({})", w.text, grouped(w.weight)))
            .collect();
        let _ = write!(
            desc,
            " Not shown, for lack of space: {}.",
            missing.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "<desc id=\"cloud-{id}-desc\">{}</desc>",
        escape_xml(&desc)
    );
    let _ = write!(out, "<style>");
    if embed_font {
        out.push_str(&font_face());
    }
    let _ = writeln!(
        out,
        "text{{font-family:'{FAMILY}',sans-serif;font-weight:bold;font-kerning:none;font-variant-ligatures:none;white-space:pre}}</style>"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
    for (i, p) in layout.placed.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
            p.x,
            p.y,
            p.size,
            PALETTE[i % PALETTE.len()],
            escape_xml(&p.text)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[(&str, u64)]) -> Vec<CloudWord> {
        list.iter()
            .map(|(t, w)| CloudWord {
                text: t.to_string(),
                weight: *w,
            })
            .collect()
    }

    #[test]
    fn the_largest_word_sits_in_the_middle_at_the_largest_size() {
        let l = layout(
            &words(&[("MARAC", 10), ("refuge", 3), ("housing", 1)]),
            CloudOptions::default(),
        );
        assert!(l.unplaced.is_empty());
        assert_eq!(l.placed[0].size, 64.0);
        assert_eq!(l.placed[2].size, 13.0);
        let (left, top, right, bottom) = l.placed[0].bounds;
        assert!((left + right) / 2.0 - 400.0 < 2.0 && ((top + bottom) / 2.0 - 225.0).abs() < 2.0);
    }

    #[test]
    fn words_that_cannot_fit_are_reported_not_dropped() {
        let options = CloudOptions {
            width: 50.0,
            height: 30.0,
            max_size: 30.0,
            min_size: 12.0,
        };
        let l = layout(
            &words(&[
                ("partnership", 5),
                ("safeguarding", 4),
                ("accommodation", 3),
            ]),
            options,
        );
        assert_eq!(l.placed.len() + l.unplaced.len(), 3);
        assert!(!l.unplaced.is_empty());
        let svg = svg(&l, "q5", "Q5", 3, false);
        assert!(svg.contains("Not shown, for lack of space:"), "{svg}");
    }

    #[test]
    fn a_cloud_with_no_word_that_fits_lists_none_as_shown() {
        let l = layout(&words(&[(&"a".repeat(400), 3)]), CloudOptions::default());
        assert!(l.placed.is_empty());
        let svg = svg(&l, "q5", "Q5", 3, false);
        let desc = format!(
            "<desc id=\"cloud-q5-desc\">Word cloud of the words and phrases used most often in 3 \
             answers. Not shown, for lack of space: {} (3).</desc>",
            "a".repeat(400)
        );
        assert!(svg.contains(&desc), "{svg}");
    }

    #[test]
    fn text_is_escaped() {
        let l = layout(&words(&[("<script>&", 2)]), CloudOptions::default());
        let svg = svg(&l, "q\"5", "A \"quoted\" <title>", 1, false);
        assert!(svg.contains(">&lt;script&gt;&amp;</text>"));
        assert!(
            svg.contains(
                "<title id=\"cloud-q-5-title\">A &quot;quoted&quot; &lt;title&gt;</title>"
            )
        );
        assert!(!svg.contains("<script>"));
    }
}
