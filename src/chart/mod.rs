//! Charts: PNG files drawn with plotters from the same results the commands print.
//!
//! Only this module touches plotters. Every chart has a title and a subtitle (what, where,
//! when), axis labels with units, numbers as "1.2m" or with thousands separators, a legend in
//! its own band above the plot (so it never covers data), and a footnote with the source and
//! the vintage. The font (DejaVu Sans) is compiled in, so a machine without fonts draws the
//! same pixels, and nothing time-dependent is drawn, so the same input gives the same bytes.
//! Colours are the Okabe-Ito palette, which readers with colour-blindness can tell apart.

use std::path::Path;
use std::sync::Once;

mod text;

use plotters::coord::ranged1d::{BoldPoints, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::error::{Error, Result};
use crate::output::short_count;

const FONT: &str = "sans-serif";
/// Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];
/// Last year beside this year: the light member of the blue family.
pub const LAST_YEAR: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const THIS_YEAR: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const DECLINE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const GROWTH: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);
const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);

/// The months' short names, January first.
pub const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // DejaVu Sans is a valid font by construction of the `dejavu` crate.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// What every chart says around its plot.
#[derive(Debug, Clone)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub subtitle: String,
    pub footnote: String,
}

/// A line of a chart.
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub color: RGBColor,
    pub dashed: bool,
    /// (x, y) with x in the chart's own unit (month index, lead days).
    pub points: Vec<(f64, f64)>,
    /// Text drawn at the last point (a YoY change).
    pub end_label: Option<String>,
}

/// One bar of a change-by-market chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub change_pct: f64,
    pub value_text: String,
    /// A group drawn with its members' bars below it: the bars are then in the order given
    /// (each group above its members), the group's lighter and its name bold, so that none is
    /// read as one more market to add up (trial 42 F8).
    pub group: bool,
    /// Where groups are drawn with their members, its depth below the shallowest market drawn:
    /// its name is set in by as many steps.
    pub indent: usize,
}

fn plot_err(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("drawing the chart: {e}"))
}

fn scale(frame: &Frame) -> f64 {
    (frame.width.min(frame.height * 16 / 9) as f64 / 1200.0).clamp(0.45, 2.5)
}

/// Text of a size (at 1200 pixels wide), scaled to the canvas.
fn font(frame: &Frame, size: f64) -> text::Style {
    text::Style::new((size * scale(frame)).round().max(9.0))
}

fn bold(frame: &Frame, size: f64) -> text::Style {
    text::Style::new((size * scale(frame)).round().max(10.0)).bold()
}

/// plotters' own text, not drawn: its mesh draws ticks and grid lines, and the labels are
/// drawn by `text` (evenly spaced letters).
fn unseen(frame: &Frame) -> TextStyle<'static> {
    (FONT, (13.0 * scale(frame)).round().max(9.0)).into_font().color(&TRANSPARENT)
}

/// The legend of lines: a line with no point drawn has no swatch (trial 75 L1: India's, a
/// market published by quarters, beside no line); the footnote says why it is not drawn.
fn legend_of(lines: &[Line]) -> Vec<(String, RGBColor, bool)> {
    lines.iter().filter(|l| !l.points.is_empty()).map(|l| (l.label.clone(), l.color, l.dashed)).collect()
}

/// Draws title, subtitle, legend and footnote; returns the area left for the plot.
fn decorate<'b>(
    root: &DrawingArea<BitMapBackend<'b>, Shift>,
    frame: &Frame,
    legend: &[(String, RGBColor, bool)],
) -> Result<DrawingArea<BitMapBackend<'b>, Shift>> {
    root.fill(&WHITE).map_err(plot_err)?;
    let s = scale(frame);
    let px = |v: f64| (v * s).round() as i32;
    let left = px(24.0);
    text::draw(root, &frame.title, (left, px(14.0)), &bold(frame, 24.0))?;
    // A subtitle wider than the chart is written smaller, down to 11 px at this scale, so that
    // its last words are not cut off at the edge (trial 40's target chart).
    let room = f64::from(frame.width) - 2.0 * f64::from(left);
    let mut subtitle = font(frame, 16.0).color(GREY);
    let wide = text::width(&frame.subtitle, &subtitle)?;
    if wide > room {
        subtitle.size = (subtitle.size * room / wide).floor().max((11.0 * s).round().max(9.0));
    }
    text::draw(root, &frame.subtitle, (left, px(48.0)), &subtitle)?;
    // The legend has a band of its own, so it never covers data.
    let mut x = left;
    let y = px(82.0);
    for (label, color, dashed) in legend {
        let style = ShapeStyle::from(color).stroke_width((3.0 * s).round().max(2.0) as u32);
        if *dashed {
            for k in 0..3 {
                let x0 = x + px(9.0) * k;
                root.draw(&PathElement::new(vec![(x0, y + px(8.0)), (x0 + px(6.0), y + px(8.0))], style))
                    .map_err(plot_err)?;
            }
        } else {
            root.draw(&PathElement::new(vec![(x, y + px(8.0)), (x + px(24.0), y + px(8.0))], style))
                .map_err(plot_err)?;
        }
        text::draw(root, label, (x + px(32.0), y), &font(frame, 14.0))?;
        let w = text::width(label, &font(frame, 14.0))?;
        x += px(32.0) + w.round() as i32 + px(28.0);
    }
    let h = frame.height as i32;
    // A footnote wider than the chart is broken into lines at spaces, the plot made room for.
    let style = font(frame, 12.0).color(GREY).anchor(HPos::Left, VPos::Bottom);
    let mut lines: Vec<String> = Vec::new();
    for word in frame.footnote.split(' ') {
        match lines.last_mut() {
            Some(line) if text::width(&format!("{line} {word}"), &style)? <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let step = px(16.0);
    // Never more than half the chart's height below the plot (review 19 L4: many notes could
    // leave no plot): the middle lines give way to a mark, the last (the source) kept.
    let most = ((h / 2 - px(34.0)) / step + 1).max(3) as usize;
    if lines.len() > most {
        let last = lines.pop().unwrap_or_default();
        lines.truncate(most - 2);
        lines.push("... (more in the notes the command printed)".to_string());
        lines.push(last);
    }
    for (k, line) in lines.iter().rev().enumerate() {
        text::draw(root, line, (left, h - px(12.0) - step * k as i32), &style)?;
    }
    let top = if legend.is_empty() { px(80.0) } else { px(108.0) };
    let (_, rest) = root.split_vertically(top);
    let below = px(34.0) + step * (lines.len().max(1) as i32 - 1);
    let (plot, _) = rest.split_vertically(rest.dim_in_pixel().1 as i32 - below);
    Ok(plot)
}

/// Checks where a chart is to be written before drawing it: a PNG file (the only format drawn;
/// plotters would otherwise pick another one from the name) in a folder that exists.
pub fn check_output(path: &Path) -> Result<()> {
    let png = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !png {
        return Err(Error::Usage(format!(
            "{}: charts are written as PNG; give a file name ending in .png",
            path.display()
        )));
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(Error::Usage(format!(
            "{}: cannot write the chart: the folder {} does not exist",
            path.display(),
            folder.display()
        )));
    }
    if path.is_dir() {
        return Err(Error::Usage(format!("{}: cannot write the chart: it is a folder", path.display())));
    }
    Ok(())
}

fn finish(root: DrawingArea<BitMapBackend, Shift>, path: &Path) -> Result<()> {
    root.present().map_err(|e| Error::io(path, std::io::Error::other(format!("cannot write the chart: {e}"))))
}

/// How many months apart month labels go, at least `min`: a step that divides a year (1, 2, 3,
/// 4, 6) or whole years, so the labels fall on the same months each year.
fn month_step(min: f64) -> i64 {
    [1, 2, 3, 4, 6]
        .into_iter()
        .find(|&n| n as f64 >= min)
        .unwrap_or_else(|| 12 * (min / 12.0).ceil().max(1.0) as i64)
}

/// The label of month `i` from `first` (a (year, month)) where months are labelled every
/// `every` months of the calendar (so each January is, when any is): the year on each January
/// and on the first month labelled; none between.
fn month_tick(first: (i32, u32), every: i64, i: i64) -> String {
    let k = (first.0 as i64) * 12 + (first.1 as i64 - 1) + i;
    if k.rem_euclid(every) != 0 {
        return String::new();
    }
    let (year, month) = (k.div_euclid(12), k.rem_euclid(12) as usize);
    if month == 0 || i < every {
        format!("{} {year}", MONTHS[month])
    } else {
        MONTHS[month].to_string()
    }
}

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= v * 1.05 {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// Lines over months: `x` is a month index from `first` (a (year, month)), or, when
/// `first` is `None`, the month of the year 1..=12.
pub fn months_chart(
    path: &Path,
    frame: &Frame,
    lines: &[Line],
    first: Option<(i32, u32)>,
    y_unit: &str,
) -> Result<()> {
    register_fonts();
    let root = BitMapBackend::new(path, (frame.width, frame.height)).into_drawing_area();
    let legend = legend_of(lines);
    let plot = decorate(&root, frame, &legend)?;
    let (x0, x1) = match first {
        None => (1.0, 12.0),
        Some(_) => {
            let max = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).fold(0.0, f64::max);
            (0.0, max.max(1.0))
        }
    };
    let y_max = nice_max(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(0.0, f64::max));
    let s = scale(frame);
    let n_months = (x1 - x0).round() as usize + 1;
    let every = match first {
        None => 1,
        Some(_) => month_step(n_months as f64 / (frame.width as f64 / (70.0 * s.max(0.6)))),
    };
    let label_months = move |x: &f64| -> String {
        let i = x.round() as i64;
        if (x - i as f64).abs() > 1e-6 {
            return String::new();
        }
        match first {
            None => MONTHS.get((i - 1) as usize).map(|m| m.to_string()).unwrap_or_default(),
            Some(first) => month_tick(first, every, i),
        }
    };
    let mut chart = line_plot(&plot, frame, 110.0, x0 - 0.3..x1 + 0.3, y_max)?;
    let axes = Axes {
        x_ticks: n_months.min(60),
        // Every month is offered for a label: past 60 months plotters' ticks skip some, which
        // could be every January.
        x_points: Some((0..n_months).map(|i| x0 + i as f64).collect()),
        x_label: &label_months,
        x_desc: "Month".into(),
        y_ticks: 6,
        y_desc: y_unit.into(),
    };
    draw_axes(&root, &plot, &mut chart, frame, &axes)?;
    let mut labels = EndLabels::default();
    for line in lines {
        draw_line(&mut chart, frame, line, line.points.clone(), true, &mut labels)?;
    }
    draw_end_labels(&root, frame, &labels)?;
    finish(root, path)
}

type Plot<'a, 'b> = ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area of a chart of lines over numbers: margins and label areas scaled to the
/// canvas, never so small that tick labels are clipped.
fn line_plot<'a, 'b>(
    area: &'a DrawingArea<BitMapBackend<'b>, Shift>,
    frame: &Frame,
    right_margin: f64,
    x: std::ops::Range<f64>,
    y_max: f64,
) -> Result<Plot<'a, 'b>> {
    let s = scale(frame);
    ChartBuilder::on(area)
        .margin_left((24.0 * s) as i32)
        .margin_right((right_margin * s) as i32)
        .margin_top((8.0 * s) as i32)
        .x_label_area_size(((36.0 * s) as i32).max(34))
        .y_label_area_size(((78.0 * s) as i32).max(58))
        .build_cartesian_2d(x, 0.0..y_max)
        .map_err(plot_err)
}

/// What the axes of a chart of numbers say: how many ticks, their labels, the descriptions.
struct Axes<'f> {
    x_ticks: usize,
    /// Where x labels may go, when not at the ticks.
    x_points: Option<Vec<f64>>,
    x_label: &'f dyn Fn(&f64) -> String,
    x_desc: String,
    y_ticks: usize,
    y_desc: String,
}

/// The labels of a count axis's ticks in one unit, that of its largest (trial 66 L2: `5,000`
/// under `10k`): millions or thousands from 10,000 on (`0`, `5k`, `10k`; `0.5m`, `1.0m`), with
/// the decimals that write each tick exactly where three or fewer do.
fn count_ticks(ticks: &[f64]) -> Vec<String> {
    let top = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let (unit, suffix) = match top {
        t if t >= 1e6 => (1e6, "m"),
        t if t >= 1e4 => (1e3, "k"),
        // Whole ticks with separators; ticks of a small axis every 0.5 with their decimals
        // (review 43 M4: 0, 1, 1, 2, 2, 3).
        _ if ticks.iter().all(|t| t.fract() == 0.0) => {
            return ticks.iter().map(|t| crate::output::thousands(*t as i64)).collect();
        }
        _ => (1.0, ""),
    };
    let written = |decimals: usize| -> Vec<String> {
        ticks
            .iter()
            .map(|t| match *t == 0.0 {
                true => "0".to_string(),
                false => format!("{:.*}{suffix}", decimals, t / unit),
            })
            .collect()
    };
    let exact = |decimals: usize| {
        let step = 10f64.powi(decimals as i32);
        ticks.iter().all(|t| ((t / unit * step).round() - t / unit * step).abs() < 1e-6)
    };
    // As many decimals as the largest tick's unit needs, at least one for millions (2.5m).
    let least = usize::from(suffix == "m");
    written((least..=3).find(|d| exact(*d)).unwrap_or(3))
}

/// Draws the mesh (ticks and grid lines at plotters' key points) and, at the same points, the
/// tick labels and the axis descriptions.
fn draw_axes(
    root: &DrawingArea<BitMapBackend, Shift>,
    area: &DrawingArea<BitMapBackend, Shift>,
    chart: &mut Plot,
    frame: &Frame,
    axes: &Axes,
) -> Result<()> {
    chart
        .configure_mesh()
        .x_labels(axes.x_ticks)
        .y_labels(axes.y_ticks)
        .label_style(unseen(frame))
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()
        .map_err(plot_err)?;
    let s = scale(frame);
    let (xs, ys) = {
        let spec = chart.as_coord_spec();
        (
            spec.x_spec().key_points(BoldPoints(axes.x_ticks)),
            spec.y_spec().key_points(BoldPoints(axes.y_ticks)),
        )
    };
    let (x_range, y_range) = {
        let spec = chart.as_coord_spec();
        (spec.x_spec().range(), spec.y_spec().range())
    };
    let label = font(frame, 13.0);
    for x in axes.x_points.clone().unwrap_or(xs) {
        let name = (axes.x_label)(&x);
        if !name.is_empty() {
            let at = chart.backend_coord(&(x, y_range.start));
            text::draw(root, &name, (at.0, at.1 + (8.0 * s) as i32), &label.anchor(HPos::Center, VPos::Top))?;
        }
    }
    let names = count_ticks(&ys);
    for (y, name) in ys.into_iter().zip(names) {
        if !name.is_empty() {
            let at = chart.backend_coord(&(x_range.start, y));
            text::draw(
                root,
                &name,
                (at.0 - (8.0 * s) as i32, at.1),
                &label.anchor(HPos::Right, VPos::Center),
            )?;
        }
    }
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let (area_x, area_y) = area.get_pixel_range();
    let desc = font(frame, 14.0);
    let middle = (plot_x.start + plot_x.end) / 2;
    text::draw(root, &axes.x_desc, (middle, area_y.end - 1), &desc.anchor(HPos::Center, VPos::Bottom))?;
    let middle = (plot_y.start + plot_y.end) / 2;
    text::draw(
        root,
        &axes.y_desc,
        (area_x.start + (2.0 * s) as i32, middle),
        &desc.anchor(HPos::Center, VPos::Top).vertical(),
    )?;
    Ok(())
}

/// Runs of points one step apart (a step being one unit of x: a month, a day of lead).
fn runs(points: &[(f64, f64)]) -> Vec<&[(f64, f64)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || (points[i].0 - points[i - 1].0).abs() > 1.5 {
            out.push(&points[start..i]);
            start = i;
        }
    }
    out
}

/// A line's label at its end: where it is drawn, what it says, in the line's colour.
/// The lines drawn so far, for placing their end labels: each label with its line's last
/// point (canvas pixels), and the pixels the lines run through.
#[derive(Default)]
struct EndLabels {
    pending: Vec<(String, RGBColor, (i32, i32))>,
    pixels: Vec<(i32, i32)>,
    /// The plot area's rows (a label stays within them).
    rows: std::ops::Range<i32>,
}

/// Draws a line (dashed or not, with its points marked or not), and keeps its pixels and its
/// end label for `draw_end_labels`, which draws the labels once every line is, so that no line
/// runs through one.
fn draw_line(
    chart: &mut Plot,
    frame: &Frame,
    line: &Line,
    points: Vec<(f64, f64)>,
    markers: bool,
    labels: &mut EndLabels,
) -> Result<()> {
    let s = scale(frame);
    let style = ShapeStyle::from(&line.color).stroke_width((3.0 * s).round().max(2.0) as u32);
    // A missing point breaks the line: it is never drawn across a month the data lacks.
    for run in runs(&points) {
        if line.dashed {
            chart
                .draw_series(DashedLineSeries::new(run.to_vec(), 8.0 * s, 6.0 * s, style))
                .map_err(plot_err)?;
        } else {
            chart.draw_series(LineSeries::new(run.to_vec(), style)).map_err(plot_err)?;
        }
    }
    if markers {
        let radius = (3.0 * s).round() as i32;
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, radius, line.color.filled())))
            .map_err(plot_err)?;
    } else {
        // A point with no neighbour is no line: a dot (review 62 M1: a booking curve known on
        // one day drew empty axes).
        let radius = (3.0 * s).round().max(2.0) as i32;
        let alone: Vec<(f64, f64)> =
            runs(&points).into_iter().filter(|r| r.len() == 1).map(|r| r[0]).collect();
        chart
            .draw_series(alone.into_iter().map(|p| Circle::new(p, radius, line.color.filled())))
            .map_err(plot_err)?;
    }
    // The pixels it runs through, every few along each segment.
    for run in runs(&points) {
        let coords: Vec<(i32, i32)> = run.iter().map(|p| chart.backend_coord(p)).collect();
        labels.pixels.extend(coords.first().copied());
        for pair in coords.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let steps = ((x1 - x0).abs().max((y1 - y0).abs()) / 3).max(1);
            labels
                .pixels
                .extend((1..=steps).map(|k| (x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)));
        }
    }
    labels.rows = chart.plotting_area().get_pixel_range().1;
    if let (Some(label), Some(last)) = (&line.end_label, points.last()) {
        labels.pending.push((label.clone(), line.color, chart.backend_coord(last)));
    }
    Ok(())
}

/// The lines' end labels, each on white (trial 40: last year's line ran on to December through
/// "Nov: +12.8%"), beside its line's last point: to its right, or left, and up or down, where
/// it covers the fewest pixels of the lines and no label placed before it (trial 59 L4:
/// Poland's label, ending in December, hid Italy's line for three months).
fn draw_end_labels(
    root: &DrawingArea<BitMapBackend, Shift>,
    frame: &Frame,
    labels: &EndLabels,
) -> Result<()> {
    let s = scale(frame);
    let (width, _) = root.dim_in_pixel();
    let (gap, lift) = ((10.0 * s) as i32, (8.0 * s) as i32);
    let mut placed: Vec<[i32; 4]> = Vec::new();
    for (label, color, at) in &labels.pending {
        let style = bold(frame, 14.0).color(*color);
        let size = (text::width(label, &style)?.ceil() as i32, style.size.ceil() as i32);
        let spot = Spot { at: *at, size, gap, lift, width: width as i32 };
        let (x, y) = spot.place(&labels.pixels, &labels.rows, &placed);
        let r = spot.rect(x, y);
        root.draw(&Rectangle::new([(r[0], r[1]), (r[2], r[3])], WHITE.filled())).map_err(plot_err)?;
        text::draw(root, label, (x, y), &style)?;
        placed.push(r);
    }
    Ok(())
}

/// How good a place is for a label: the lines' pixels it covers, the rows it moved, its side.
type Rank = (usize, i32, usize);

/// An end label to place: its line's last point, its size (width, height), how far right of
/// the point and above it it sits at first, and the canvas's width.
struct Spot {
    at: (i32, i32),
    size: (i32, i32),
    gap: i32,
    lift: i32,
    width: i32,
}

impl Spot {
    /// The box a label drawn at (x, y) takes, its white margin with it.
    fn rect(&self, x: i32, y: i32) -> [i32; 4] {
        [x - 3, y - 2, x + self.size.0 + 3, y + self.size.1 + 2]
    }

    /// Where the label goes: right of the point or left, and up or down a row at a time, the
    /// place within the plot's `rows` that covers the fewest `pixels` of the lines and no box
    /// `placed`, the nearest of those alike (right before left).
    fn place(&self, pixels: &[(i32, i32)], rows: &std::ops::Range<i32>, placed: &[[i32; 4]]) -> (i32, i32) {
        let overlaps = |a: &[i32; 4], b: &[i32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        let (w, h) = self.size;
        // (pixels covered, rows moved, side), and where.
        let mut best: Option<(Rank, (i32, i32))> = None;
        for (side, x) in [self.at.0 + self.gap, self.at.0 - self.gap - w].into_iter().enumerate() {
            for k in [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6] {
                let y = self.at.1 - self.lift + k * (h + 4);
                let r = self.rect(x, y);
                let inside = r[0] >= 0 && r[2] <= self.width && r[1] >= rows.start && r[3] <= rows.end;
                if !inside || placed.iter().any(|p| overlaps(p, &r)) {
                    continue;
                }
                let covered = pixels
                    .iter()
                    .filter(|(px, py)| r[0] <= *px && *px <= r[2] && r[1] <= *py && *py <= r[3])
                    .count();
                let key = (covered, k.abs(), side);
                if best.as_ref().is_none_or(|(b, _)| key < *b) {
                    best = Some((key, (x, y)));
                }
            }
        }
        best.map_or((self.at.0 + self.gap, self.at.1 - self.lift), |(_, at)| at)
    }
}

/// The ends of a change chart's axis: 0 and every change, and at least two points wide, so
/// that changes of a point or less (all 0.0%) have ticks of +1%, not +0.02% as if the bars
/// had moved.
fn change_axis(changes: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (lo, hi) = (changes.clone().fold(0.0, f64::min), changes.fold(0.0, f64::max));
    let pad = ((2.0 - (hi - lo)) / 2.0).max(0.0);
    (lo - pad, hi + pad)
}

/// The axis of a change chart, from `ends` (a value, the pixels of its label, and whether the
/// label runs right of it): the narrowest that puts every label inside the plot, `width`
/// pixels wide. Labels wider than the plot between them take two fifths of it each side.
fn label_room(ends: &[(f64, f64, bool)], span: f64, width: f64) -> (f64, f64) {
    let reach = |u: f64| {
        let right = ends.iter().map(|(v, w, r)| if *r { v + w * u } else { *v }).fold(f64::MIN, f64::max);
        let left = ends.iter().map(|(v, w, r)| if *r { *v } else { v - w * u }).fold(f64::MAX, f64::min);
        (left, right)
    };
    let widest = |right: bool| ends.iter().filter(|e| e.2 == right).map(|e| e.1).fold(0.0, f64::max);
    if widest(true) + widest(false) < 0.8 * width {
        // Value per pixel: the fixed point of u = (right - left) / width, approached from below.
        let mut u = span / width;
        for _ in 0..200 {
            let (left, right) = reach(u);
            let next = (right - left) / width;
            if (next - u).abs() <= 1e-9 * next.abs().max(1e-12) {
                break;
            }
            u = next;
        }
        return reach(u);
    }
    let (lo, hi) = (
        ends.iter().map(|e| e.0).fold(f64::MAX, f64::min),
        ends.iter().map(|e| e.0).fold(f64::MIN, f64::max),
    );
    let share = |w: f64| if w > 0.0 { (w / width).min(0.4) } else { 0.05 };
    let (left, right) = (share(widest(false)), share(widest(true)));
    let whole = span / (1.0 - left - right);
    (lo - left * whole, hi + right * whole)
}

/// Horizontal bars of change by market, sorted, declines and growth in two colours, each
/// labelled with its value and percentage. The group they belong to (`reference`) is a
/// dashed line across them, not a bar among its own members; the legend names only what is
/// drawn. Markets shown without a change (`missing`: name, why) have a row of their own below
/// the bars, with the reason where the bar would be, so that none is left out unsaid.
pub fn change_bars(
    path: &Path,
    frame: &Frame,
    bars: &[Bar],
    reference: Option<&Bar>,
    missing: &[(String, String)],
) -> Result<()> {
    register_fonts();
    let mut bars = bars.to_vec();
    let tree = bars.iter().any(|b| b.group || b.indent > 0);
    if !tree {
        bars.sort_by(|a, b| a.change_pct.total_cmp(&b.change_pct));
    }
    // Many rows: the canvas grows down, a row of 18 pixels each at least beside the title,
    // legend, axis and footnote (trial 77 M3: 62 markets in 200 pixels, names overprinted).
    let rows = (bars.len() + missing.len()) as f64;
    let s = scale(frame);
    let footnote_lines =
        (text::width(&frame.footnote, &font(frame, 12.0))? / (f64::from(frame.width) - 48.0 * s)).ceil();
    let needed = (190.0 + 18.0 * rows + 18.0 * footnote_lines) * s;
    let grown;
    let frame = if needed > f64::from(frame.height) {
        grown = Frame { height: needed.ceil().min(8000.0) as u32, ..frame.clone() };
        &grown
    } else {
        frame
    };
    let root = BitMapBackend::new(path, (frame.width, frame.height)).into_drawing_area();
    // "decline" rendered as "dedine": at this size the c and l of DejaVu Sans touch.
    let mut legend = Vec::new();
    if bars.iter().any(|b| b.change_pct < 0.0) {
        legend.push(("down on last year".to_string(), DECLINE, false));
    }
    if bars.iter().any(|b| b.change_pct > 0.0) {
        legend.push(("up on last year".to_string(), GROWTH, false));
    } else if bars.iter().any(|b| b.change_pct == 0.0) {
        legend.push(("no change on last year".to_string(), GROWTH, false));
    }
    if let Some(g) = bars.iter().find(|b| b.group && b.change_pct.is_finite()) {
        let color = if g.change_pct < 0.0 { DECLINE } else { GROWTH };
        legend.push(("lighter: a group, its markets below it".to_string(), tint(color, 0.55), false));
    }
    if let Some(r) = reference {
        legend.push((
            format!("{} as a whole: {} {}", r.label, crate::output::change_text(r.change_pct), r.value_text),
            BLACK,
            true,
        ));
    }
    let plot = decorate(&root, frame, &legend)?;
    let s = scale(frame);
    let changes = bars.iter().chain(reference).map(|b| b.change_pct).filter(|c| c.is_finite());
    let (lo, hi) = change_axis(changes);
    let span = hi - lo;
    // A group with no change above its members' bars (a change not finite) has its row there,
    // saying why, not among those below the bars.
    let why_of = |name: &str| missing.iter().find(|(m, _)| m == name).map_or("", |(_, why)| why.as_str());
    let in_place = |name: &str| bars.iter().any(|b| !b.change_pct.is_finite() && b.label == name);
    let below: Vec<&(String, String)> = missing.iter().filter(|(m, _)| !in_place(m)).collect();
    let n = (bars.len() + below.len()).max(1);
    // Rows of the axis, and the first a bar takes: a lone bar sits in the middle of three (an
    // axis of one row has no height: plotters drew it on the top edge, its name unseen).
    let (rows, first) = if n == 1 { (3, 1) } else { (n, 0) };
    let label = font(frame, 13.0);
    let mut longest = 0.0f64;
    // Names of a tree set in by a step a level, from the left of their column.
    let indent_step = 14.0 * s;
    for (name, bold, indent) in
        bars.iter().map(|b| (&b.label, b.group, b.indent)).chain(missing.iter().map(|(m, _)| (m, false, 0)))
    {
        let width = text::width(name, &if bold { label.bold() } else { label })?;
        longest = longest.max(width + indent_step * indent as f64);
    }
    // Room for the value labels beside the bar ends, on whichever side they fall, as a share
    // of the plot's width (its margins and the names' column taken off the canvas).
    let plot_width = f64::from(plot.dim_in_pixel().0) - longest.ceil() - 72.0 * s;
    // Each label's own end: a value beside its bar's end, a reason from 0 (trial 82 L5: room
    // for the widest label taken beyond the longest bar, an axis to +120% for a bar of +78.6%).
    let mut ends: Vec<(f64, f64, bool)> = vec![(lo, 12.0 * s, false), (hi, 12.0 * s, true)];
    for b in bars.iter().filter(|b| b.change_pct.is_finite()) {
        ends.push((b.change_pct, text::width(&bar_value(b), &label)? + 24.0 * s, b.change_pct >= 0.0));
    }
    for (_, why) in missing {
        ends.push((0.0, text::width(why, &label)? + 24.0 * s, true));
    }
    let (x0, x1) = label_room(&ends, span, plot_width.max(1.0));
    let mut chart = ChartBuilder::on(&plot)
        .margin_left((16.0 * s) as i32)
        .margin_right((24.0 * s) as i32)
        .x_label_area_size(((36.0 * s) as i32).max(34))
        .y_label_area_size(longest.ceil() as i32 + (16.0 * s) as i32)
        .build_cartesian_2d(x0..x1, (0..rows - 1).into_segmented())
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .y_labels(rows)
        .x_labels(8)
        .label_style(unseen(frame))
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .draw()
        .map_err(plot_err)?;
    let xs = chart.as_coord_spec().x_spec().key_points(BoldPoints(8));
    let axis_label = label;
    // Many bars on a small canvas: names and values shrink to their row, so none overlap.
    let (_, rows_y) = chart.plotting_area().get_pixel_range();
    let row_px = f64::from(rows_y.end - rows_y.start) / rows as f64;
    let label = text::Style { size: label.size.min(row_px * 0.8).max(6.0), ..label };
    // The space between bars, a fifth of a row at most: with 40 markets a fixed 6 px above and
    // below took a 12 px row whole, and the bars were not drawn (trial 40's yoy chart).
    let gap = (6.0 * s).min(row_px * 0.2).floor() as u32;
    let step = xs.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
    for x in xs.iter().copied() {
        let name = percent_tick(x, step);
        let at = chart.backend_coord(&(x, SegmentValue::Exact(0)));
        text::draw(
            &root,
            &name,
            (at.0, at.1 + (8.0 * s) as i32),
            &axis_label.anchor(HPos::Center, VPos::Top),
        )?;
    }
    let (plot_x, _) = chart.plotting_area().get_pixel_range();
    let (_, area_y) = plot.get_pixel_range();
    text::draw(
        &root,
        "Change against last year (%)",
        ((plot_x.start + plot_x.end) / 2, area_y.end - 1),
        &font(frame, 14.0).anchor(HPos::Center, VPos::Bottom),
    )?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Exact(rows))],
            ShapeStyle::from(&GREY).stroke_width(1),
        )))
        .map_err(plot_err)?;
    if let Some(r) = reference {
        let style = ShapeStyle::from(&BLACK).stroke_width((2.0 * s).round().max(1.0) as u32);
        let (top, bottom) = (
            chart.backend_coord(&(r.change_pct, SegmentValue::Exact(rows))),
            chart.backend_coord(&(r.change_pct, SegmentValue::Exact(0))),
        );
        let dash = (6.0 * s).max(3.0) as i32;
        let mut y = top.1;
        while y < bottom.1 {
            root.draw(&PathElement::new(vec![(top.0, y), (top.0, (y + dash).min(bottom.1))], style))
                .map_err(plot_err)?;
            y += 2 * dash;
        }
    }
    // Where a market's name goes: beside the axis, or set in from its column's left in a tree.
    let names_right = chart.backend_coord(&(x0, SegmentValue::CenterOf(0))).0 - (8.0 * s) as i32;
    let name_at = |bar: &Bar| -> (i32, text::Style) {
        let style = if bar.group { label.bold() } else { label };
        if tree {
            let x = names_right - longest.ceil() as i32 + (indent_step * bar.indent as f64) as i32;
            (x, style.anchor(HPos::Left, VPos::Center))
        } else {
            (names_right, style.anchor(HPos::Right, VPos::Center))
        }
    };
    for (k, bar) in bars.iter().enumerate() {
        let row = first + n - 1 - k;
        if !bar.change_pct.is_finite() {
            why_row(&root, &chart, row, (&bar.label, why_of(&bar.label)), name_at(bar), &label, s)?;
            continue;
        }
        let color = if bar.change_pct < 0.0 { DECLINE } else { GROWTH };
        let fill = if bar.group { tint(color, 0.55) } else { color };
        let mut rect = Rectangle::new(
            [(0.0, SegmentValue::Exact(row)), (bar.change_pct, SegmentValue::Exact(row + 1))],
            fill.filled(),
        );
        rect.set_margin(gap, gap, 0, 0);
        chart.draw_series(std::iter::once(rect)).map_err(plot_err)?;
        if bar.group {
            let mut edge = Rectangle::new(
                [(0.0, SegmentValue::Exact(row)), (bar.change_pct, SegmentValue::Exact(row + 1))],
                ShapeStyle::from(&color).stroke_width(s.round().max(1.0) as u32),
            );
            edge.set_margin(gap, gap, 0, 0);
            chart.draw_series(std::iter::once(edge)).map_err(plot_err)?;
        }
        let value = bar_value(bar);
        let (hx, vy) = if bar.change_pct < 0.0 { (HPos::Right, -1.0) } else { (HPos::Left, 1.0) };
        let at = chart.backend_coord(&(bar.change_pct, SegmentValue::CenterOf(row)));
        let at = (at.0 + (vy * 8.0 * s) as i32, at.1);
        // On white, so that the reference line never runs through a label.
        let w = text::width(&value, &label)?.ceil() as i32;
        blank_under(&root, (if bar.change_pct < 0.0 { at.0 - w } else { at.0 }, at.1), w, &label)?;
        text::draw(&root, &value, at, &label.anchor(hx, VPos::Center))?;
        let (x, style) = name_at(bar);
        text::draw(&root, &bar.label, (x, at.1), &style)?;
    }
    for (j, (name, why)) in below.into_iter().enumerate() {
        let row = first + n - 1 - (bars.len() + j);
        let place = name_at(&Bar {
            label: name.clone(),
            change_pct: f64::NAN,
            value_text: String::new(),
            group: false,
            indent: 0,
        });
        why_row(&root, &chart, row, (name, why), place, &label, s)?;
    }
    finish(root, path)
}

/// A row of a change chart with no bar: the market's name, and why where the bar would be.
fn why_row(
    root: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    chart: &ChartContext<
        BitMapBackend,
        Cartesian2d<
            RangedCoordf64,
            plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize>,
        >,
    >,
    row: usize,
    (name, why): (&str, &str),
    (name_x, name_style): (i32, text::Style),
    label: &text::Style,
    s: f64,
) -> Result<()> {
    let at = chart.backend_coord(&(0.0, SegmentValue::CenterOf(row)));
    let why_style = label.color(GREY).anchor(HPos::Left, VPos::Center);
    // On white, as a bar's value is, so that the reference line never runs through it (trial
    // 53: the dashed line of the whole crossed "not counted").
    let x = at.0 + (8.0 * s) as i32;
    blank_under(root, (x, at.1), text::width(why, label)?.ceil() as i32, label)?;
    text::draw(root, why, (x, at.1), &why_style)?;
    text::draw(root, name, (name_x, at.1), &name_style.color(GREY))
}

/// White under a line of text `width` wide from `(x, y)` (its left end, at its middle), so that
/// a line drawn before never runs through it.
fn blank_under(
    root: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
    (x, y): (i32, i32),
    width: i32,
    style: &text::Style,
) -> Result<()> {
    // A line's size and a margin above and below (trial 76 L4: the total's dashed line ran
    // into the tops of "(1.2m)" with a box of 0.9 of it; within its row, at 0.8 of it).
    let h = (style.size * 1.15) as i32;
    root.draw(&Rectangle::new([(x - 4, y - h / 2 - 2), (x + width + 4, y + h / 2 + 2)], WHITE.filled()))
        .map_err(plot_err)
}

/// The label at a bar's end: its change and its value.
fn bar_value(bar: &Bar) -> String {
    format!("{}  {}", crate::output::change_text(bar.change_pct), bar.value_text)
}

/// `c` mixed with white: `white` = 0 keeps it, 1 is white (a band's colour in a legend).
fn tint(c: RGBColor, white: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * white).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Cumulative arrivals through a year against the target path, with the projection.
#[derive(Debug, Clone)]
pub struct TargetPicture {
    pub target: f64,
    /// The target's label on its line, its figure written as the title writes it (trial 39
    /// #7: "target 1.2m" under a title of 1.23m).
    pub target_label: String,
    /// Cumulative actual by month 1..=k.
    pub actual: Vec<(f64, f64)>,
    /// Cumulative target path by month 1..=12 (the target spread by last year's profile).
    pub path: Vec<(f64, f64)>,
    /// Projection from month k to 12.
    pub projection: Vec<(f64, f64)>,
    /// The projection's 80% interval: (month, low, high) from month k to 12.
    pub band: Vec<(f64, f64, f64)>,
    /// What the projection is, for the legend ("projection at the YTD growth rate").
    /// The projection's legend, its year-end figure written as the subtitle writes it.
    pub projection_label: String,
    pub year: i32,
}

pub fn target_chart(path: &Path, frame: &Frame, t: &TargetPicture) -> Result<()> {
    register_fonts();
    let root = BitMapBackend::new(path, (frame.width, frame.height)).into_drawing_area();
    // The area between the target path and the actual, month to month: a shortfall where the
    // path is above, a lead where the actual is, split where the two cross. With no path (no
    // profile to spread the target by) there is no shortfall to shade.
    let k = if t.path.is_empty() { 0 } else { t.actual.len().min(t.path.len()) };
    let areas = between(&t.path[..k], &t.actual[..k]);
    let (mut behind, mut ahead) = (areas.iter().any(|a| !a.0), areas.iter().any(|a| a.0));
    if k > 0 && !behind && !ahead {
        // One month: no area, but which side of the path it is on.
        ahead = t.actual[k - 1].1 >= t.path[k - 1].1;
        behind = !ahead;
    }
    let mut legend = vec![(format!("actual {}", t.year), THIS_YEAR, false)];
    if !t.path.is_empty() {
        legend.push(("target path (last year's profile)".to_string(), GREY, false));
    }
    // Not projected (a method that cannot project the market): no projection to name.
    if !t.projection_label.is_empty() {
        legend.push((t.projection_label.clone(), THIS_YEAR, true));
    }
    if behind {
        legend.push(("shortfall to date".to_string(), DECLINE, false));
    }
    if ahead {
        legend.push(("ahead of the target path".to_string(), LAST_YEAR, false));
    }
    if t.band.last().is_some_and(|b| b.2 > b.1) {
        legend.push(("80% interval".to_string(), tint(THIS_YEAR, 0.7), false));
    }
    let plot = decorate(&root, frame, &legend)?;
    let s = scale(frame);
    let y_max = nice_max(
        t.path
            .iter()
            .chain(&t.projection)
            .chain(&t.actual)
            .map(|p| p.1)
            .chain(t.band.iter().map(|b| b.2))
            .fold(t.target, f64::max),
    );
    let mut chart = line_plot(&plot, frame, 40.0, 0.7..12.3, y_max)?;
    let axes = Axes {
        x_points: None,
        x_ticks: 12,
        x_label: &|x: &f64| {
            let i = x.round() as usize;
            if (x - i as f64).abs() < 1e-6 && (1..=12).contains(&i) {
                MONTHS[i - 1].to_string()
            } else {
                String::new()
            }
        },
        x_desc: format!("Month of {}", t.year),
        y_ticks: 6,
        y_desc: "Arrivals, cumulative".into(),
    };
    draw_axes(&root, &plot, &mut chart, frame, &axes)?;
    chart
        .draw_series(areas.into_iter().map(|(lead, poly)| {
            Polygon::new(poly, if lead { LAST_YEAR } else { DECLINE }.mix(0.25).filled())
        }))
        .map_err(plot_err)?;
    if t.band.len() > 1 {
        let mut poly: Vec<(f64, f64)> = t.band.iter().map(|b| (b.0, b.1)).collect();
        poly.extend(t.band.iter().rev().map(|b| (b.0, b.2)));
        chart
            .draw_series(std::iter::once(Polygon::new(poly, tint(THIS_YEAR, 0.75).filled())))
            .map_err(plot_err)?;
    }
    let w = (3.0 * s).round().max(2.0) as u32;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.7, t.target), (12.3, t.target)],
            ShapeStyle::from(&BLACK).stroke_width(1),
        )))
        .map_err(plot_err)?;
    let at = chart.backend_coord(&(0.8, t.target));
    text::draw(
        &root,
        &t.target_label,
        (at.0 + (4.0 * s) as i32, at.1 - (6.0 * s) as i32),
        &bold(frame, 14.0).anchor(HPos::Left, VPos::Bottom),
    )?;
    chart
        .draw_series(LineSeries::new(t.path.clone(), ShapeStyle::from(&GREY).stroke_width(w)))
        .map_err(plot_err)?;
    chart
        .draw_series(DashedLineSeries::new(
            t.projection.clone(),
            8.0 * s,
            6.0 * s,
            ShapeStyle::from(&THIS_YEAR).stroke_width(w),
        ))
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new(t.actual.clone(), ShapeStyle::from(&THIS_YEAR).stroke_width(w)))
        .map_err(plot_err)?;
    chart
        .draw_series(t.actual.iter().map(|p| Circle::new(*p, (3.5 * s).round() as i32, THIS_YEAR.filled())))
        .map_err(plot_err)?;
    if let Some(last) = t.actual.last() {
        let at = chart.backend_coord(last);
        // Below the point, unless that is on the axis's month names: then above it.
        let bottom = chart.plotting_area().get_pixel_range().1.end;
        let (dy, v) = if at.1 + (34.0 * s) as i32 > bottom {
            (-(12.0 * s) as i32, VPos::Bottom)
        } else {
            ((12.0 * s) as i32, VPos::Top)
        };
        text::draw(
            &root,
            &format!("{} to date", short_count(last.1)),
            (at.0 + (10.0 * s) as i32, at.1 + dy),
            &bold(frame, 14.0).color(THIS_YEAR).anchor(HPos::Left, v),
        )?;
    }
    finish(root, path)
}

/// The areas between two lines over the same x: (whether `b` is above `a`, the polygon), one
/// per step, split where the lines cross.
fn between(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(bool, Vec<(f64, f64)>)> {
    let mut out = Vec::new();
    for (pa, pb) in a.windows(2).zip(b.windows(2)) {
        let ((x0, a0), (x1, a1), (b0, b1)) = (pa[0], pa[1], (pb[0].1, pb[1].1));
        let (d0, d1) = (b0 - a0, b1 - a1);
        if d0 * d1 < 0.0 {
            let f = d0 / (d0 - d1);
            let cross = (x0 + f * (x1 - x0), a0 + f * (a1 - a0));
            out.push((d0 > 0.0, vec![(x0, a0), cross, (x0, b0)]));
            out.push((d1 > 0.0, vec![cross, (x1, a1), (x1, b1)]));
        } else if d0 != 0.0 || d1 != 0.0 {
            out.push((d0 + d1 > 0.0, vec![(x0, a0), (x1, a1), (x1, b1), (x0, b0)]));
        }
    }
    out
}

/// The booking curve: seats on the books by days before travel, this year against last.
pub fn pace_chart(path: &Path, frame: &Frame, lines: &[Line]) -> Result<()> {
    register_fonts();
    let root = BitMapBackend::new(path, (frame.width, frame.height)).into_drawing_area();
    let legend = legend_of(lines);
    let plot = decorate(&root, frame, &legend)?;
    let max_lead = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).fold(1.0, f64::max);
    let y_max = nice_max(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(0.0, f64::max));
    // Days before travel run from the left (far out) to 0 at the right.
    let mut chart = line_plot(&plot, frame, 110.0, -max_lead..0.0, y_max)?;
    let axes = Axes {
        x_points: None,
        x_ticks: 10,
        x_label: &|x| format!("{:.0}", -x + 0.0),
        x_desc: "Days before the travel window starts".into(),
        y_ticks: 6,
        y_desc: "Seats on the books".into(),
    };
    draw_axes(&root, &plot, &mut chart, frame, &axes)?;
    let mut labels = EndLabels::default();
    for line in lines {
        // Days before travel run from the left (far out) to 0 at the right.
        let points = line.points.iter().map(|(x, y)| (-x, *y)).collect();
        draw_line(&mut chart, frame, line, points, false, &mut labels)?;
    }
    draw_end_labels(&root, frame, &labels)?;
    finish(root, path)
}

/// A file name made from a selection: lowercase letters, digits and dashes only, so that no
/// path separator or `..` from a market name reaches the file system.
pub fn file_stem(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for c in part.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "chart".to_string()
    } else {
        out
    }
}

/// A tick of a percentage axis, with as many decimals as the ticks' step needs to tell them
/// apart (a step of 0.5 writes "+3.5%", never "+4%" at 3.5): "0%" at zero, never "-0%".
fn percent_tick(x: f64, step: f64) -> String {
    let whole = |d: i32| {
        let v = step * 10f64.powi(d);
        (v - v.round()).abs() < 1e-6 * v.max(1.0)
    };
    let decimals =
        if step.is_finite() && step > 0.0 { (0..4).find(|d| whole(*d)).unwrap_or(4) as usize } else { 0 };
    if x.abs() < step.min(1.0) * 1e-6 {
        return "0%".to_string();
    }
    format!("{x:+.decimals$}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_axis_writes_its_ticks_in_one_unit() {
        let labels = |t: &[f64]| count_ticks(t);
        assert_eq!(labels(&[0.0, 5000.0, 10000.0, 15000.0]), ["0", "5k", "10k", "15k"]);
        assert_eq!(labels(&[0.0, 2500.0, 5000.0, 7500.0]), ["0", "2,500", "5,000", "7,500"]);
        assert_eq!(labels(&[0.0, 2500.0, 5000.0, 10000.0]), ["0", "2.5k", "5.0k", "10.0k"]);
        assert_eq!(labels(&[0.0, 500_000.0, 1_000_000.0]), ["0", "0.5m", "1.0m"]);
        assert_eq!(labels(&[1_250_000.0, 2_500_000.0]), ["1.25m", "2.50m"]);
        assert_eq!(labels(&[0.0, 0.5, 1.0, 1.5, 2.0]), ["0", "0.5", "1.0", "1.5", "2.0"]);
    }

    /// Trial 59 L4: a line's end label (Poland, ending in December) was drawn over another
    /// line running on (Italy), hiding three months of it.
    #[test]
    fn an_end_label_goes_where_it_covers_no_line_and_no_label() {
        let spot = Spot { at: (500, 300), size: (100, 14), gap: 10, lift: 8, width: 1200 };
        let rows = 100..500;
        // Nothing near: right of the point, a little above it.
        assert_eq!(spot.place(&[], &rows, &[]), (510, 292));
        // A line running on across that place: the label moves off it, and covers none of it.
        let line: Vec<(i32, i32)> = (480..700).map(|x| (x, 298)).collect();
        let (x, y) = spot.place(&line, &rows, &[]);
        let r = spot.rect(x, y);
        assert!(
            !line.iter().any(|(px, py)| r[0] <= *px && *px <= r[2] && r[1] <= *py && *py <= r[3]),
            "{r:?}"
        );
        assert_eq!(x, 510, "it stays right of the point, a row up or down");
        // A label placed there before is not covered either.
        let first = spot.rect(x, y);
        let (x2, y2) = spot.place(&line, &rows, &[first]);
        assert_ne!((x2, y2), (x, y));
        // Near the plot's top, it never goes above it.
        let top = Spot { at: (500, 105), ..spot };
        let (_, y) = top.place(&[], &rows, &[]);
        assert!(top.rect(0, y)[1] >= rows.start, "{y}");
    }

    /// Trial 33 #9: a long trend labelled every second month from an odd month never
    /// labelled a January, so no label but the first had its year.
    #[test]
    fn month_labels_fall_on_each_january_with_its_year() {
        assert_eq!([1, 2, 3, 4, 6, 12, 24].map(|m| month_step(m as f64 - 0.5)), [1, 2, 3, 4, 6, 12, 24]);
        assert_eq!(month_step(4.2), 6);
        assert_eq!(month_step(7.0), 12);
        // From February 2019, every second month: March 2019 is the first label, with its year,
        // then May, and January 2020 with its year.
        let labels: Vec<String> = (0..12).map(|i| month_tick((2019, 2), 2, i)).collect();
        assert_eq!(labels[0], "");
        assert_eq!(labels[1], "Mar 2019");
        assert_eq!(labels[3], "May");
        assert_eq!(labels[11], "Jan 2020");
        // Every year: only Januaries, each with its year.
        let labels: Vec<String> =
            (0..36).map(|i| month_tick((2019, 2), 12, i)).filter(|l| !l.is_empty()).collect();
        assert_eq!(labels, ["Jan 2020", "Jan 2021", "Jan 2022"]);
    }

    #[test]
    fn a_change_axis_holds_zero_every_change_and_two_points_at_least() {
        assert_eq!(change_axis([0.0, 0.0].into_iter()), (-1.0, 1.0));
        assert_eq!(change_axis([0.5].into_iter()), (-0.75, 1.25));
        assert_eq!(change_axis([-12.0, 30.0].into_iter()), (-12.0, 30.0));
        assert_eq!(change_axis([5.0, 9.0].into_iter()), (0.0, 9.0));
    }

    #[test]
    fn a_change_axis_leaves_each_label_room_and_no_more() {
        // Trial 82 L5: +78.6% and its label, a long reason from 0, -18.6% and its label.
        let ends = [
            (-18.6, 12.0, false),
            (78.6, 12.0, true),
            (78.6, 110.0, true),
            (0.0, 330.0, true),
            (-18.6, 120.0, false),
        ];
        let width = 1000.0;
        let (x0, x1) = label_room(&ends, 97.2, width);
        let px = |v: f64| (v - x0) / (x1 - x0) * width;
        for (v, w, right) in ends {
            let edge = if right { px(v) + w } else { px(v) - w };
            assert!(
                (-1e-6..=width + 1e-6).contains(&edge),
                "{v} {w} {right}: {edge} of {width} ({x0}..{x1})"
            );
        }
        // The widest right end touches the edge: no room beyond it (was to +120%).
        assert!((px(78.6) + 110.0 - width).abs() < 1e-3, "{x0}..{x1}");
        assert!(x1 < 100.0, "{x1}");
    }

    #[test]
    fn a_footnote_wider_than_the_chart_is_broken_into_lines_the_plot_makes_room_for() {
        let plot_height = |footnote: &str| {
            let frame = Frame {
                width: 600,
                height: 400,
                title: "T".into(),
                subtitle: "S".into(),
                footnote: footnote.into(),
            };
            let mut buffer = vec![0u8; 600 * 400 * 3];
            let root = BitMapBackend::with_buffer(&mut buffer, (600, 400)).into_drawing_area();
            let plot = decorate(&root, &frame, &[]).unwrap();
            plot.dim_in_pixel().1
        };
        let short = plot_height("Source: NSO. Chart: tourstat");
        let long =
            plot_height(&"Travel in 2025-05..2025-12 not drawn: the store cannot answer it. ".repeat(8));
        let frame = Frame {
            width: 600,
            height: 400,
            title: String::new(),
            subtitle: String::new(),
            footnote: String::new(),
        };
        let step = (16.0 * scale(&frame)).round() as u32;
        assert!(long < short && (short - long) % step == 0 && short - long >= 2 * step, "{short} {long}");
        // However many notes, the footnote never takes more than half the chart: the plot keeps
        // room (review 19 L4).
        let endless = plot_height(&"A member with no seats last year, counted against none. ".repeat(200));
        assert!(endless > 0 && endless < long, "{endless}");
        assert!(400 - endless <= 200 + (110.0 * scale(&frame)) as u32, "{endless}");
    }

    #[test]
    fn a_subtitle_wider_than_the_chart_is_written_smaller_to_fit() {
        // The rightmost column with ink in the subtitle's band (y 40 to 70 at 1200 x 675).
        let ink_to = |subtitle: &str| {
            let frame = Frame {
                width: 1200,
                height: 675,
                title: String::new(),
                subtitle: subtitle.into(),
                footnote: String::new(),
            };
            let mut buffer = vec![0u8; 1200 * 675 * 3];
            {
                let root = BitMapBackend::with_buffer(&mut buffer, (1200, 675)).into_drawing_area();
                decorate(&root, &frame, &[]).unwrap();
                root.present().unwrap();
            }
            (0..1200usize)
                .filter(|x| (40..70usize).any(|y| buffer[(y * 1200 + x) * 3..][..3] != [255, 255, 255]))
                .max()
                .unwrap_or(0)
        };
        let short = ink_to("Total, by month");
        let long = ink_to(&"projected 16.8m (on track, 0.9% short of the target), 2% chance; ".repeat(3));
        assert!(short > 24 && short < 400, "{short}");
        assert!(long > 1000 && long <= 1200 - 24, "{long}");
    }

    #[test]
    fn the_area_between_path_and_actual_is_split_where_they_cross() {
        // Behind in January-February, level in March... ahead in April.
        let path = [(1.0, 10.0), (2.0, 20.0), (3.0, 30.0), (4.0, 40.0)];
        let actual = [(1.0, 8.0), (2.0, 18.0), (3.0, 32.0), (4.0, 44.0)];
        let areas = between(&path, &actual);
        let sides: Vec<bool> = areas.iter().map(|a| a.0).collect();
        assert_eq!(sides, [false, false, true, true]);
        // Crossing half way between February (-2) and March (+2): at 2.5, on the path (25).
        assert_eq!(areas[1].1[1], (2.5, 25.0));
        assert_eq!(areas[2].1[0], (2.5, 25.0));
        assert!(between(&path, &path).is_empty());
    }

    #[test]
    fn percent_ticks_are_written_as_finely_as_their_step() {
        let ticks = |xs: &[f64], step: f64| xs.iter().map(|x| percent_tick(*x, step)).collect::<Vec<_>>();
        assert_eq!(ticks(&[-1.0, -0.5, 0.0, 0.5, 3.5], 0.5), ["-1.0%", "-0.5%", "0%", "+0.5%", "+3.5%"]);
        assert_eq!(ticks(&[-0.25, 0.25, 0.5], 0.25), ["-0.25%", "+0.25%", "+0.50%"]);
        assert_eq!(ticks(&[-20.0, 0.0, 20.0], 20.0), ["-20%", "0%", "+20%"]);
        // Floating-point key points near zero are zero.
        assert_eq!(ticks(&[-1e-12, 0.1 + 0.2 - 0.3], 0.1), ["0%", "0%"]);
    }

    #[test]
    fn file_names_keep_no_path_from_market_names() {
        assert_eq!(file_stem(&["trend", "../x", "2025"]), "trend-x-2025");
        assert_eq!(
            file_stem(&["yoy", "Southeast Asia, South Asia and Oceania"]),
            "yoy-southeast-asia-south-asia-and-oceania"
        );
        assert_eq!(file_stem(&["/etc/passwd"]), "etc-passwd");
        assert_eq!(file_stem(&["..", "/"]), "chart");
    }

    #[test]
    fn axis_maxima_are_round_numbers_above_the_data() {
        assert_eq!(nice_max(849_034.0), 1_000_000.0);
        assert_eq!(nice_max(28_200_000.0), 30_000_000.0);
        assert_eq!(nice_max(0.0), 1.0);
    }
}
