//! Text on charts, placed glyph by glyph by the font's own metrics.
//!
//! plotters' ab_glyph path draws each glyph at a whole pixel and drops its left side bearing,
//! so letters sat unevenly ("Chin a", "Short-h aul", "J une", "Forward Keys"). Here each glyph is
//! positioned at its exact advance (kerning included), outlined there, so its sub-pixel offset
//! and bearing are part of its coverage, and blended into the bitmap.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};

/// How a piece of text looks and where its anchor sits on it.
#[derive(Clone, Copy)]
pub struct Style {
    /// Pixel height of the font.
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
    pub h: HPos,
    pub v: VPos,
    /// Read from bottom to top (an axis description beside a vertical axis).
    pub vertical: bool,
}

impl Style {
    pub fn new(size: f64) -> Style {
        Style { size, bold: false, color: BLACK, h: HPos::Left, v: VPos::Top, vertical: false }
    }

    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    pub fn color(self, color: RGBColor) -> Style {
        Style { color, ..self }
    }

    pub fn anchor(self, h: HPos, v: VPos) -> Style {
        Style { h, v, ..self }
    }

    pub fn vertical(self) -> Style {
        Style { vertical: true, ..self }
    }
}

fn face(bold: bool) -> Result<&'static FontRef<'static>> {
    static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, bytes) =
        if bold { (&BOLD, dejavu::sans::bold()) } else { (&REGULAR, dejavu::sans::regular()) };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
        .ok_or_else(|| Error::internal("the chart font (DejaVu Sans, compiled in) does not load"))
}

/// The width of a text in pixels: advances and kerning.
pub fn width(text: &str, style: &Style) -> Result<f64> {
    let font = face(style.bold)?.as_scaled(style.size as f32);
    let mut x = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            x += font.kern(p, id);
        }
        x += font.h_advance(id);
        previous = Some(id);
    }
    Ok(f64::from(x))
}

/// Draws a text with its anchor at `pos`. The box the anchor refers to is as plotters lays text
/// out (the text's width by the size over 1.24, the baseline half a size below the top), so
/// texts sit where plotters put them, only with their letters evenly spaced.
pub fn draw(
    area: &DrawingArea<BitMapBackend, Shift>,
    text: &str,
    pos: (i32, i32),
    style: &Style,
) -> Result<()> {
    let font = face(style.bold)?.as_scaled(style.size as f32);
    let (w, h) = (width(text, style)? as f32, (style.size / 1.24) as f32);
    let dx = match style.h {
        HPos::Left => 0.0,
        HPos::Center => -w / 2.0,
        HPos::Right => -w,
    };
    let dy = match style.v {
        VPos::Top => 0.0,
        VPos::Center => -h / 2.0,
        VPos::Bottom => -h,
    };
    let baseline = dy + style.size as f32 / 2.0;
    let mut caret = dx;
    let mut previous = None;
    let mut failed = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            caret += font.kern(p, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(font.scale(), point(caret, baseline));
        caret += font.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|x, y, coverage| {
            let (gx, gy) = (bounds.min.x as i32 + x as i32, bounds.min.y as i32 + y as i32);
            // Rotated a quarter turn to the left: across becomes up.
            let (px, py) = if style.vertical { (gy, -gx) } else { (gx, gy) };
            let color = style.color.mix(f64::from(coverage.min(1.0)));
            if let Err(e) = area.draw_pixel((pos.0 + px, pos.1 + py), &color) {
                failed.get_or_insert_with(|| e.to_string());
            }
        });
    }
    match failed {
        Some(e) => Err(Error::internal(format!("drawing the chart: {e}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_as_wide_as_its_advances_and_kerning() {
        let style = Style::new(20.0);
        let (a, n) = (width("a", &style).unwrap(), width("n", &style).unwrap());
        assert!((width("na", &style).unwrap() - (a + n)).abs() < 0.5);
        assert!(width("Short-haul", &style).unwrap() > width("Short", &style).unwrap());
        assert!(width("W", &style.bold()).unwrap() > width("W", &style).unwrap());
    }
}
