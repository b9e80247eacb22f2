//! The font word clouds are measured and drawn with: DejaVu Sans Bold, cut down to Latin,
//! shipped in `assets/fonts` and embedded in each SVG, so what is measured is what is drawn.

use std::sync::LazyLock;
use ttf_parser::Face;

pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-subset.ttf");
/// The family name the SVG declares for the embedded font.
pub const FAMILY: &str = "canvass cloud";

/// The parsed font and what stands in for characters it does not have.
struct Metrics {
    face: Face<'static>,
    units_per_em: f64,
    /// Advance, top and bottom for a missing character: the widest letter, so nothing overlaps.
    fallback: (f64, f64, f64),
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let face = Face::parse(FONT_BYTES, 0).expect("the shipped font parses");
    let widest = face
        .glyph_index('W')
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(face.units_per_em() as f64, f64::from);
    Metrics {
        units_per_em: face.units_per_em() as f64,
        fallback: (widest, face.ascender() as f64, face.descender() as f64),
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
    let face = &metrics.face;
    let (mut advance, mut top, mut bottom) = (0.0, 0.0f64, 0.0f64);
    for c in text.chars() {
        let glyph = face.glyph_index(c);
        let (adv, y_max, y_min) = match glyph {
            Some(g) => {
                let adv = face
                    .glyph_hor_advance(g)
                    .map_or(metrics.fallback.0, f64::from);
                let (y_max, y_min) = face
                    .glyph_bounding_box(g)
                    .map_or((0.0, 0.0), |b| (b.y_max as f64, b.y_min as f64));
                (adv, y_max, y_min)
            }
            None => metrics.fallback,
        };
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
}
