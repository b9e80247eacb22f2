//! Report charts drawn with plotters to SVG: horizontal bars with their percentages, and 100%
//! stacked bars for rating grids with a pattern per scale point, each with a title and a
//! description that states the figures.

use super::cloud::escape_xml;
use super::font;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 760;
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const BAR: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
/// Confidence-interval whiskers: dark orange, distinct from the bars.
const WHISKER: RGBColor = RGBColor(0x9c, 0x2f, 0x14);
const FONT_PX: f64 = 13.0;
const LINE: i32 = 16;

/// One bar: its label, its length (None when the figure is suppressed) and the text printed at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub percent: Option<f64>,
    pub value: String,
    /// A 95% interval to draw as a whisker over the bar, in percent.
    pub ci: Option<(f64, f64)>,
}

/// One row of a stacked chart: per scale point its share (None when suppressed), and the
/// note printed beside the bar ("base 23, don't know 4").
#[derive(Debug, Clone, PartialEq)]
pub struct StackRow {
    pub label: String,
    pub shares: Vec<Option<f64>>,
    pub aside: String,
}

/// Fill, text colour and hatching of scale points, best to worst; text on each meets 4.5:1.
const POINTS: [(RGBColor, RGBColor, Hatch); 7] = [
    (
        RGBColor(0x1f, 0x4e, 0x79),
        RGBColor(255, 255, 255),
        Hatch::None,
    ),
    (
        RGBColor(0x7f, 0xaa, 0xd4),
        RGBColor(0x1a, 0x1a, 0x1a),
        Hatch::Rising,
    ),
    (
        RGBColor(0xdd, 0xdd, 0xdd),
        RGBColor(0x1a, 0x1a, 0x1a),
        Hatch::Horizontal,
    ),
    (
        RGBColor(0xf0, 0xb0, 0x70),
        RGBColor(0x1a, 0x1a, 0x1a),
        Hatch::Falling,
    ),
    (
        RGBColor(0x9c, 0x2f, 0x14),
        RGBColor(255, 255, 255),
        Hatch::Cross,
    ),
    (
        RGBColor(0x5b, 0x2a, 0x86),
        RGBColor(255, 255, 255),
        Hatch::Vertical,
    ),
    (
        RGBColor(0x33, 0x33, 0x33),
        RGBColor(255, 255, 255),
        Hatch::Rising,
    ),
];

/// Line patterns laid over fills, so scale points differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hatch {
    None,
    Rising,
    Falling,
    Horizontal,
    Vertical,
    Cross,
}

fn style(px: f64, color: &RGBColor, h: HPos) -> TextStyle<'_> {
    // plotters writes font-size as the given size divided by 1.24.
    TextStyle::from(("sans-serif", px * 1.24).into_font())
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// Wraps a label to lines no wider than `width` pixels (measured with the bold font, so the
/// regular text a browser draws is narrower still).
fn wrap_px(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && font::measure(&candidate, FONT_PX).width > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// Adds the accessible name and description to plotters' SVG.
fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let open_end = svg.find('>').expect("an svg element") + 1;
    let head = svg[..open_end].replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\" "),
        1,
    );
    format!(
        "{head}\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        escape_xml(title),
        escape_xml(desc),
        &svg[open_end..]
    )
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn draw<E: std::fmt::Debug>(result: Result<(), E>) {
    // Drawing into a string cannot fail for want of space or a file.
    result.expect("drawing to an SVG string");
}

/// Horizontal bars in the given order, each labelled with its value.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let label_width = 300.0;
    let (bar_x, bar_max) = (312, 360.0);
    let rows: Vec<Vec<String>> = bars
        .iter()
        .map(|b| wrap_px(&b.label, label_width))
        .collect();
    let heights: Vec<i32> = rows
        .iter()
        .map(|lines| (lines.len() as i32 * LINE + 10).max(26))
        .collect();
    let height = heights.iter().sum::<i32>() + 12;
    let mut svg = String::new();
    {
        let area: Area =
            SVGBackend::with_string(&mut svg, (WIDTH, height as u32)).into_drawing_area();
        draw(area.fill(&WHITE));
        let mut y = 6;
        for ((bar, lines), h) in bars.iter().zip(&rows).zip(&heights) {
            let mid = y + h / 2;
            let first = mid - (lines.len() as i32 - 1) * LINE / 2;
            for (k, line) in lines.iter().enumerate() {
                draw(area.draw(&Text::new(
                    line.clone(),
                    (bar_x - 12, first + k as i32 * LINE),
                    style(FONT_PX, &TEXT, HPos::Right),
                )));
            }
            let length = bar
                .percent
                .map_or(0, |p| (p / 100.0 * bar_max).round() as i32);
            if length > 0 {
                draw(area.draw(&Rectangle::new(
                    [(bar_x, mid - 9), (bar_x + length, mid + 9)],
                    BAR.filled(),
                )));
            }
            let mut end = bar_x + length;
            if let Some((low, high)) = bar.ci {
                let (a, b) = (
                    bar_x + (low / 100.0 * bar_max).round() as i32,
                    bar_x + (high / 100.0 * bar_max).round() as i32,
                );
                let whisker = ShapeStyle::from(&WHISKER).stroke_width(2);
                draw(area.draw(&PathElement::new(vec![(a, mid), (b, mid)], whisker)));
                for x in [a, b] {
                    draw(area.draw(&PathElement::new(vec![(x, mid - 6), (x, mid + 6)], whisker)));
                }
                end = end.max(b);
            }
            draw(area.draw(&Text::new(
                bar.value.clone(),
                (end + 6, mid),
                style(FONT_PX, &TEXT, HPos::Left),
            )));
            y += h;
        }
        draw(area.draw(&PathElement::new(
            vec![(bar_x, 4), (bar_x, height - 4)],
            TEXT,
        )));
        draw(area.present());
    }
    accessible(&svg, id, title, desc)
}

/// Lines of a hatch pattern clipped to a rectangle.
fn hatch_lines(hatch: Hatch, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Vec<[(i32, i32); 2]> {
    const GAP: i32 = 6;
    let mut lines = Vec::new();
    let rising = |lines: &mut Vec<[(i32, i32); 2]>| {
        // x + y = c
        for c in ((x0 + y0)..=(x1 + y1)).step_by(GAP as usize) {
            let (a, b) = ((c - y1).max(x0), (c - y0).min(x1));
            if a < b {
                lines.push([(a, c - a), (b, c - b)]);
            }
        }
    };
    let falling = |lines: &mut Vec<[(i32, i32); 2]>| {
        // y = x - c
        for c in ((x0 - y1)..=(x1 - y0)).step_by(GAP as usize) {
            let (a, b) = ((y0 + c).max(x0), (y1 + c).min(x1));
            if a < b {
                lines.push([(a, a - c), (b, b - c)]);
            }
        }
    };
    match hatch {
        Hatch::None => {}
        Hatch::Rising => rising(&mut lines),
        Hatch::Falling => falling(&mut lines),
        Hatch::Cross => {
            rising(&mut lines);
            falling(&mut lines);
        }
        Hatch::Horizontal => lines.extend(
            (y0 + 3..y1)
                .step_by(GAP as usize)
                .map(|y| [(x0, y), (x1, y)]),
        ),
        Hatch::Vertical => lines.extend(
            (x0 + 3..x1)
                .step_by(GAP as usize)
                .map(|x| [(x, y0), (x, y1)]),
        ),
    }
    lines
}

fn swatch(area: &Area, point: usize, rect: (i32, i32, i32, i32)) {
    let (fill, ink, hatch) = POINTS[point % POINTS.len()];
    draw(area.draw(&Rectangle::new(
        [(rect.0, rect.1), (rect.2, rect.3)],
        fill.filled(),
    )));
    for line in hatch_lines(hatch, rect) {
        draw(area.draw(&PathElement::new(
            line.to_vec(),
            ink.mix(0.35).stroke_width(1),
        )));
    }
}

/// 100% stacked bars, one per row, scale points in order, with a legend above.
pub fn stacked_chart(
    id: &str,
    title: &str,
    desc: &str,
    points: &[String],
    rows: &[StackRow],
) -> String {
    let label_width = 190.0;
    let (bar_x, bar_width, aside_x) = (202, 380.0, 590);
    // Legend: swatch and label per point, wrapping onto new lines.
    let mut legend: Vec<(usize, i32, i32)> = Vec::new();
    let (mut x, mut y) = (bar_x, 8);
    for (i, label) in points.iter().enumerate() {
        let w = 22 + font::measure(label, FONT_PX).width.ceil() as i32 + 16;
        if x + w > WIDTH as i32 - 8 && x > bar_x {
            x = bar_x;
            y += 22;
        }
        legend.push((i, x, y));
        x += w;
    }
    let top = y + 26;
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|r| wrap_px(&r.label, label_width))
        .collect();
    let heights: Vec<i32> = labels
        .iter()
        .map(|l| (l.len() as i32 * LINE + 12).max(32))
        .collect();
    let height = top + heights.iter().sum::<i32>() + 8;
    let mut svg = String::new();
    {
        let area: Area =
            SVGBackend::with_string(&mut svg, (WIDTH, height as u32)).into_drawing_area();
        draw(area.fill(&WHITE));
        for &(i, x, y) in &legend {
            swatch(&area, i, (x, y, x + 16, y + 12));
            draw(area.draw(&Text::new(
                points[i].clone(),
                (x + 22, y + 6),
                style(FONT_PX, &TEXT, HPos::Left),
            )));
        }
        let mut y = top;
        for ((row, lines), h) in rows.iter().zip(&labels).zip(&heights) {
            let mid = y + h / 2;
            let first = mid - (lines.len() as i32 - 1) * LINE / 2;
            for (k, line) in lines.iter().enumerate() {
                draw(area.draw(&Text::new(
                    line.clone(),
                    (bar_x - 10, first + k as i32 * LINE),
                    style(FONT_PX, &TEXT, HPos::Right),
                )));
            }
            let (bar_top, bar_bottom) = (mid - 11, mid + 11);
            if row.shares.iter().any(Option::is_none) {
                draw(area.draw(&Rectangle::new(
                    [(bar_x, bar_top), (bar_x + bar_width as i32, bar_bottom)],
                    RGBColor(0xee, 0xee, 0xee).filled(),
                )));
                draw(area.draw(&Text::new(
                    "figures withheld: small counts",
                    (bar_x + 8, mid),
                    style(FONT_PX, &TEXT, HPos::Left),
                )));
            } else {
                let mut start: f64 = 0.0;
                for (i, share) in row.shares.iter().enumerate() {
                    let share = share.unwrap_or(0.0);
                    let (x0, x1) = (
                        bar_x + (start * bar_width / 100.0).round() as i32,
                        bar_x + ((start + share) * bar_width / 100.0).round() as i32,
                    );
                    start += share;
                    if x1 <= x0 {
                        continue;
                    }
                    swatch(&area, i, (x0, bar_top, x1, bar_bottom));
                    let text = format!("{}%", share.round() as i64);
                    let text_width = font::measure(&text, FONT_PX).width.ceil() as i32;
                    if x1 - x0 >= text_width + 6 {
                        let (fill, ink, _) = POINTS[i % POINTS.len()];
                        let centre = (x0 + x1) / 2;
                        draw(area.draw(&Rectangle::new(
                            [
                                (centre - text_width / 2 - 2, mid - 8),
                                (centre + text_width / 2 + 2, mid + 8),
                            ],
                            fill.filled(),
                        )));
                        draw(area.draw(&Text::new(
                            text,
                            (centre, mid),
                            style(FONT_PX, &ink, HPos::Center),
                        )));
                    }
                }
            }
            draw(area.draw(&Text::new(
                row.aside.clone(),
                (aside_x, mid),
                style(FONT_PX - 1.0, &TEXT, HPos::Left),
            )));
            y += h;
        }
        draw(area.present());
    }
    accessible(&svg, id, title, desc)
}

/// Grouped horizontal bars: for each line (an option), one bar per wave, each wave with its own
/// fill and pattern, labelled with the wave and its percentage.
pub fn grouped_chart(
    id: &str,
    title: &str,
    desc: &str,
    waves: &[String],
    lines: &[(String, Vec<Option<f64>>)],
) -> String {
    let label_width = 250.0;
    let (bar_x, bar_max) = (262, 380.0);
    let bar = 14;
    let labels: Vec<Vec<String>> = lines.iter().map(|(l, _)| wrap_px(l, label_width)).collect();
    let heights: Vec<i32> = labels
        .iter()
        .map(|l| (waves.len() as i32 * (bar + 3) + 12).max(l.len() as i32 * LINE + 12))
        .collect();
    let height = heights.iter().sum::<i32>() + 12;
    let mut svg = String::new();
    {
        let area: Area =
            SVGBackend::with_string(&mut svg, (WIDTH, height as u32)).into_drawing_area();
        draw(area.fill(&WHITE));
        let mut y = 6;
        for (((_, values), lines), h) in lines.iter().zip(&labels).zip(&heights) {
            let first = y + h / 2 - (lines.len() as i32 - 1) * LINE / 2;
            for (k, line) in lines.iter().enumerate() {
                draw(area.draw(&Text::new(
                    line.clone(),
                    (bar_x - 12, first + k as i32 * LINE),
                    style(FONT_PX, &TEXT, HPos::Right),
                )));
            }
            let mut top = y + (h - waves.len() as i32 * (bar + 3)) / 2;
            for (w, value) in values.iter().enumerate() {
                let length = value.map_or(0, |p| (p / 100.0 * bar_max).round() as i32);
                if length > 0 {
                    swatch(&area, w, (bar_x, top, bar_x + length, top + bar));
                }
                let text = format!(
                    "{} {}",
                    waves[w],
                    value.map_or("-".to_string(), |p| format!("{}%", p.round() as i64))
                );
                draw(area.draw(&Text::new(
                    text,
                    (bar_x + length + 6, top + bar / 2),
                    style(FONT_PX - 1.0, &TEXT, HPos::Left),
                )));
                top += bar + 3;
            }
            y += h;
        }
        draw(area.draw(&PathElement::new(
            vec![(bar_x, 4), (bar_x, height - 4)],
            TEXT,
        )));
        draw(area.present());
    }
    accessible(&svg, id, title, desc)
}

/// Line colours for trend charts, each at least 7:1 against white.
const LINES: [RGBColor; 6] = [
    RGBColor(0x1f, 0x4e, 0x79),
    RGBColor(0x7a, 0x1f, 0x1f),
    RGBColor(0x1e, 0x56, 0x31),
    RGBColor(0x5b, 0x2a, 0x86),
    RGBColor(0x7a, 0x4a, 0x00),
    RGBColor(0x33, 0x33, 0x33),
];

/// A trend over three or more waves: one line per option, each with its own colour and marker
/// shape, labelled at its end with its name and last figure.
pub fn line_chart(
    id: &str,
    title: &str,
    desc: &str,
    waves: &[String],
    lines: &[(String, Vec<Option<f64>>)],
) -> String {
    let (left, right, top) = (64, 470, 24);
    let height = (60 + lines.len() as i32 * 15).max(340);
    let bottom = height - 40;
    let y_of = |p: f64| bottom - ((p / 100.0) * (bottom - top) as f64).round() as i32;
    let step = if waves.len() > 1 {
        (right - left) / (waves.len() as i32 - 1)
    } else {
        0
    };
    let x_of = |w: usize| left + w as i32 * step;
    let mut svg = String::new();
    {
        let area: Area =
            SVGBackend::with_string(&mut svg, (WIDTH, height as u32)).into_drawing_area();
        draw(area.fill(&WHITE));
        for p in [0, 25, 50, 75, 100] {
            let y = y_of(p as f64);
            draw(area.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                RGBColor(0xdd, 0xdd, 0xdd),
            )));
            draw(area.draw(&Text::new(
                format!("{p}%"),
                (left - 8, y),
                style(FONT_PX - 1.0, &TEXT, HPos::Right),
            )));
        }
        for (w, wave) in waves.iter().enumerate() {
            draw(area.draw(&Text::new(
                wave.clone(),
                (x_of(w), bottom + 18),
                style(FONT_PX, &TEXT, HPos::Center),
            )));
        }
        // End labels, nudged apart so none overlaps another.
        let mut ends: Vec<(usize, i32)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, (_, values))| {
                values.iter().rev().flatten().next().map(|&p| (i, y_of(p)))
            })
            .collect();
        ends.sort_by_key(|&(i, y)| (y, i));
        let mut placed: Vec<(usize, i32)> = Vec::new();
        for (i, y) in ends {
            let y = placed.last().map_or(y, |&(_, prev)| y.max(prev + 15));
            placed.push((i, y));
        }
        // Then back up from the bottom edge, so the lowest labels stay inside the chart.
        let mut limit = height - 10;
        for (_, y) in placed.iter_mut().rev() {
            *y = (*y).min(limit);
            limit = *y - 15;
        }
        for (i, (label, values)) in lines.iter().enumerate() {
            let color = LINES[i % LINES.len()];
            let points: Vec<(i32, i32)> = values
                .iter()
                .enumerate()
                .filter_map(|(w, v)| v.map(|p| (x_of(w), y_of(p))))
                .collect();
            // A wave without a figure (none answered, or it is withheld) breaks the line, so
            // that no line passes over it as if its figure were known.
            let mut from = 0;
            for (w, v) in values.iter().enumerate() {
                if v.is_none() || w + 1 == values.len() {
                    let to = values[..=w].iter().flatten().count();
                    if to - from > 1 {
                        draw(area.draw(&PathElement::new(
                            points[from..to].to_vec(),
                            color.stroke_width(2),
                        )));
                    }
                    from = to;
                }
            }
            for &(x, y) in &points {
                match i % 3 {
                    0 => draw(area.draw(&Circle::new((x, y), 4, color.filled()))),
                    1 => draw(area.draw(&Rectangle::new(
                        [(x - 4, y - 4), (x + 4, y + 4)],
                        color.filled(),
                    ))),
                    _ => draw(area.draw(&TriangleMarker::new((x, y), 5, color.filled()))),
                }
            }
            if let (Some(&(_, label_y)), Some(&(x, y))) =
                (placed.iter().find(|(k, _)| *k == i), points.last())
            {
                let last = values
                    .iter()
                    .rev()
                    .flatten()
                    .next()
                    .map_or(String::new(), |p| format!(" {}%", p.round() as i64));
                draw(area.draw(&PathElement::new(
                    vec![(x + 6, y), (right + 14, label_y)],
                    color.mix(0.5),
                )));
                draw(area.draw(&Text::new(
                    format!("{label}{last}"),
                    (right + 18, label_y),
                    style(FONT_PX - 1.0, &color, HPos::Left),
                )));
            }
        }
        draw(area.present());
    }
    accessible(&svg, id, title, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wave_without_a_figure_breaks_its_line() {
        let waves: Vec<String> = ["2014", "2016", "2018", "2020"].map(String::from).to_vec();
        // The points of each stretch of the line drawn: polylines in the line's colour.
        let stretches = |values: Vec<Option<f64>>| -> Vec<usize> {
            let svg = line_chart("t", "T", "D", &waves, &[("Yes".to_string(), values)]);
            let colour = format!(
                "stroke=\"#{:02X}{:02X}{:02X}\"",
                LINES[0].0, LINES[0].1, LINES[0].2
            );
            svg.split("<polyline")
                .skip(1)
                .map(|element| element.split("/>").next().unwrap_or_default())
                .filter(|element| {
                    element.contains(&colour) && element.contains("stroke-width=\"2\"")
                })
                .map(|element| element.matches(',').count())
                .collect()
        };
        assert_eq!(
            stretches(vec![Some(10.0), Some(20.0), Some(30.0), Some(40.0)]),
            [4]
        );
        assert_eq!(
            stretches(vec![Some(10.0), None, Some(30.0), Some(40.0)]),
            [2]
        );
        assert_eq!(
            stretches(vec![Some(10.0), Some(20.0), None, Some(40.0)]),
            [2]
        );
        assert_eq!(stretches(vec![Some(10.0), None, Some(30.0), None]), [0; 0]);
    }

    #[test]
    fn bar_charts_carry_title_description_and_values() {
        let svg = bar_chart(
            "chart-q2",
            "Q2 <roles>",
            "Regularly 44%",
            &[
                Bar {
                    label: "Work regularly with domestic abuse".into(),
                    percent: Some(44.4),
                    value: "44%".into(),
                    ci: None,
                },
                Bar {
                    label: "Other".into(),
                    percent: None,
                    value: "fewer than 5".into(),
                    ci: None,
                },
            ],
        );
        assert!(svg.starts_with(
            "<svg role=\"img\" aria-labelledby=\"chart-q2-title chart-q2-desc\" class=\"chart\" "
        ));
        assert!(svg.contains("<title id=\"chart-q2-title\">Q2 &lt;roles&gt;</title>"));
        assert!(svg.contains("44%") && svg.contains("fewer than 5"));
        assert_eq!(
            svg.matches("<rect").count(),
            2,
            "background and one bar; the suppressed bar is not drawn"
        );
    }

    #[test]
    fn hatching_stays_inside_its_box() {
        for hatch in [
            Hatch::Rising,
            Hatch::Falling,
            Hatch::Cross,
            Hatch::Horizontal,
            Hatch::Vertical,
        ] {
            let lines = hatch_lines(hatch, (10, 20, 50, 42));
            assert!(!lines.is_empty());
            for [(xa, ya), (xb, yb)] in lines {
                for (x, y) in [(xa, ya), (xb, yb)] {
                    assert!(
                        (10..=50).contains(&x) && (20..=42).contains(&y),
                        "{hatch:?} ({x}, {y})"
                    );
                }
            }
        }
    }
}
