//! The font word clouds are measured and drawn with: DejaVu Sans Bold, cut down to Latin,
//! shipped in `assets/fonts` and embedded in each SVG, so what is measured is what is drawn.

use std::sync::LazyLock;
use ttf_parser::Face;

pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-subset.ttf");
/// The family name the SVG declares for the embedded font.
pub const FAMILY: &str = "canvass cloud";

/// Characters below this have their figures read once into `Metrics::table`: the subset is
/// Latin, and a glyph's bounding box is worked out from its outline on every read, which made
/// laying out a cloud with a very long word take seconds.
const TABLED: char = '\u{250}';

/// The parsed font and what stands in for characters it does not have.
struct Metrics {
    face: Face<'static>,
    units_per_em: f64,
    /// Advance, top and bottom for a missing character: the widest letter, so nothing overlaps.
    fallback: (f64, f64, f64),
    /// Advance, top and bottom of each character below `TABLED`.
    table: Vec<(f64, f64, f64)>,
}

impl Metrics {
    /// Advance, top and bottom of `c`, in font units.
    fn of(&self, c: char) -> (f64, f64, f64) {
        match self.table.get(c as usize) {
            Some(&figures) => figures,
            None => read_figures(&self.face, c, self.fallback),
        }
    }
}

/// Advance, top and bottom of `c` as the font gives them, or `fallback` if it has no glyph.
fn read_figures(face: &Face, c: char, fallback: (f64, f64, f64)) -> (f64, f64, f64) {
    match face.glyph_index(c) {
        Some(g) => {
            let advance = face.glyph_hor_advance(g).map_or(fallback.0, f64::from);
            let (top, bottom) = face
                .glyph_bounding_box(g)
                .map_or((0.0, 0.0), |b| (b.y_max as f64, b.y_min as f64));
            (advance, top, bottom)
        }
        None => fallback,
    }
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let face = Face::parse(FONT_BYTES, 0).expect("the shipped font parses");
    let widest = face
        .glyph_index('W')
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(face.units_per_em() as f64, f64::from);
    let fallback = (widest, face.ascender() as f64, face.descender() as f64);
    let table = ('\0'..TABLED)
        .map(|c| read_figures(&face, c, fallback))
        .collect();
    Metrics {
        units_per_em: face.units_per_em() as f64,
        fallback,
        table,
        face,
    }
});

/// The ink box of a word drawn at `size` pixels, relative to its start on the baseline:
/// width, height above the baseline, depth below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub width: f64,
    pub ascent: f64,
    pub descent: f64,
}

/// Measures `text` at `size` pixels with real glyph advances and bounding boxes.
pub fn measure(text: &str, size: f64) -> Extent {
    let metrics = &*METRICS;
    let (mut advance, mut top, mut bottom) = (0.0, 0.0f64, 0.0f64);
    for c in text.chars() {
        let (adv, y_max, y_min) = metrics.of(c);
        advance += adv;
        top = top.max(y_max);
        bottom = bottom.min(y_min);
    }
    let scale = size / metrics.units_per_em;
    Extent {
        width: advance * scale,
        ascent: top * scale,
        descent: -bottom * scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_words_measure_wider_and_descenders_go_below() {
        let m = measure("MARAC", 20.0);
        let i = measure("ill", 20.0);
        assert!(m.width > i.width * 2.0, "{m:?} {i:?}");
        assert!(m.descent < 1.0, "{m:?}");
        assert!(measure("gypsy", 20.0).descent > 3.0);
        // Twice the size, twice the width.
        assert!((measure("refuge", 40.0).width - 2.0 * measure("refuge", 20.0).width).abs() < 1e-9);
    }

    #[test]
    fn tabled_figures_are_the_fonts_own_for_every_character() {
        let metrics = &*METRICS;
        let beyond = ['\u{250}', 'Ω', '€', '日', '😀'];
        for c in ('\0'..TABLED).chain(beyond) {
            assert_eq!(
                metrics.of(c),
                read_figures(&metrics.face, c, metrics.fallback),
                "{c:?}"
            );
        }
        // The table holds real glyphs, not only the fallback: "i" is narrower than "W".
        assert!(metrics.of('i').0 < metrics.of('W').0);
        assert_eq!(metrics.of('日'), metrics.fallback);
    }
}
