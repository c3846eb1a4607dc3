//! `--svg FILE`: the projection as one self-contained SVG (plotters' SVG backend, no fonts
//! or files referenced): the buckets stacked per month with the stage marked, the cumulative
//! burn, the staker APR and the insurance fund against its floor and cap; P10–P90 bands
//! shaded when there are several runs. Each series is named in a legend.
use anyhow::{anyhow, Result};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::dates::date;
use super::output::BandMonth;
use super::{Params, MONTH_SECONDS};
use crate::commands::intake::simulate::stage_name;
use fee_router::math::split::BUCKET_NAMES;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

const BUCKET_COLOURS: [RGBColor; 4] = [
    RGBColor(214, 39, 40),
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
];
const LINE: RGBColor = RGBColor(60, 60, 60);
const FLOOR: RGBColor = RGBColor(214, 39, 40);
const CAP: RGBColor = RGBColor(148, 103, 189);
const FONT: &str = "sans-serif";

fn err<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing the chart: {e}")
}

/// A figure's P10, P50 and P90, month by month, in display units.
struct Series {
    p10: Vec<f64>,
    p50: Vec<f64>,
    p90: Vec<f64>,
}

impl Series {
    fn of(months: &[BandMonth], pick: impl Fn(&BandMonth) -> [f64; 3]) -> Series {
        let v: Vec<[f64; 3]> = months.iter().map(pick).collect();
        Series {
            p10: v.iter().map(|x| x[0]).collect(),
            p50: v.iter().map(|x| x[1]).collect(),
            p90: v.iter().map(|x| x[2]).collect(),
        }
    }

    fn max(&self) -> f64 {
        self.p90
            .iter()
            .chain(&self.p50)
            .copied()
            .fold(0.0, f64::max)
    }
}

/// The whole chart: four panels, titled.
pub fn svg(p: &Params, months: &[BandMonth], runs: usize) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (1400, 1000)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let title = if runs > 1 {
            format!(
                "fee-router projection: {} months, P50 with P10-P90 over {runs} fee paths",
                months.len()
            )
        } else {
            format!("fee-router projection: {} months", months.len())
        };
        let root = root.titled(&title, (FONT, 22)).map_err(err)?;
        let panels = root.split_evenly((2, 2));
        let shaded = runs > 1;
        buckets(&panels[0], p, months, shaded)?;
        burn(&panels[1], p, months, shaded)?;
        apr(&panels[2], p, months, shaded)?;
        insurance(&panels[3], p, months, shaded)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

fn scale(decimals: u8) -> f64 {
    10f64.powi(i32::from(decimals))
}

/// An axis value as a person reads it: `2.5M`, `750k`, `0.25`.
fn compact(y: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    for (size, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] {
        if y.abs() >= size {
            return trim(format!("{:.2}", y / size)) + suffix;
        }
    }
    trim(format!("{y:.3}"))
}

/// A month boundary's label: the date the month starts.
fn month_label(p: &Params, x: f64) -> String {
    if (x - x.round()).abs() > 1e-9 || x < 0.0 {
        return String::new();
    }
    date(p.start_time + x.round() as i64 * MONTH_SECONDS)
}

/// A panel's axes: months along x (labelled by their start dates), `y_desc` up to `y_max`.
fn frame<'a, 'b>(
    area: &'a Area<'b>,
    p: &Params,
    caption: &str,
    n: usize,
    y_max: f64,
    y_desc: &str,
) -> Result<Chart<'a, 'b>> {
    let y_max = if y_max > 0.0 { y_max * 1.12 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(12)
        .margin_right(40)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..n as f64, 0f64..y_max)
        .map_err(err)?;
    let label = |x: &f64| month_label(p, *x);
    chart
        .configure_mesh()
        .x_labels(n.clamp(1, 8) + 1)
        .x_label_formatter(&label)
        .y_label_formatter(&|y: &f64| compact(*y))
        .x_desc("month starting (UTC date)")
        .y_desc(y_desc)
        .label_style((FONT, 11))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The legend, below the top line (where the bucket panel names the stages).
fn legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::Coordinate(12, 28))
        .background_style(WHITE.mix(0.85))
        .border_style(LINE)
        .label_font((FONT, 12))
        .draw()
        .map_err(err)
}

/// Stacked buckets (P50), with a line and the stage's name where the stage changes.
fn buckets(area: &Area<'_>, p: &Params, months: &[BandMonth], shaded: bool) -> Result<()> {
    let s = scale(p.market.fee_decimals);
    let amounts: Vec<[f64; 4]> = months
        .iter()
        .map(|m| {
            let f = &m.figures;
            [
                f.buyback.p50,
                f.stakers.p50,
                f.insurance.p50,
                f.discount.p50,
            ]
            .map(|x| x as f64 / s)
        })
        .collect();
    let fees = Series::of(months, |m| {
        let f = m.figures.fees;
        [f.p10, f.p50, f.p90].map(|x| x as f64 / s)
    });
    let top = amounts
        .iter()
        .map(|a| a.iter().sum::<f64>())
        .fold(fees.max(), f64::max);
    let mut chart = frame(
        area,
        p,
        "Fees by bucket per month, stage marked",
        months.len(),
        // Room above the bars for the stage names and the legend.
        top * 1.3,
        "fee tokens a month",
    )?;
    if shaded {
        // The month's total fees, P10 to P90, behind the median's bars.
        let upper = fees
            .p90
            .iter()
            .enumerate()
            .map(|(k, &y)| (k as f64 + 0.5, y));
        let lower = fees
            .p10
            .iter()
            .enumerate()
            .rev()
            .map(|(k, &y)| (k as f64 + 0.5, y));
        let grey = LINE.mix(0.15);
        chart
            .draw_series(std::iter::once(Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                grey.filled(),
            )))
            .map_err(err)?
            .label("fees: P10-P90 band")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], grey.filled()));
    }
    for (b, name) in BUCKET_NAMES.iter().enumerate() {
        let colour = BUCKET_COLOURS[b];
        let bars = amounts.iter().enumerate().map(|(k, a)| {
            let below: f64 = a[..b].iter().sum();
            let x = k as f64;
            Rectangle::new(
                [(x + 0.12, below), (x + 0.88, below + a[b])],
                colour.filled(),
            )
        });
        chart
            .draw_series(bars)
            .map_err(err)?
            .label(*name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    let y_top = chart.y_range().end;
    for (k, m) in months.iter().enumerate() {
        if k > 0 && months[k - 1].stage.p50 == m.stage.p50 {
            continue;
        }
        let x = k as f64;
        chart
            .draw_series(LineSeries::new(
                [(x, 0.0), (x, y_top)],
                LINE.stroke_width(1),
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("stage: {}", stage_name(m.stage.p50)),
                (x + 0.1, y_top * 0.97),
                (FONT, 12).into_font().color(&LINE),
            )))
            .map_err(err)?;
    }
    legend(&mut chart)
}

/// A P50 line named `name`, and the P10–P90 band shaded under it when `shaded`.
fn banded<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    s: &Series,
    name: &str,
    colour: RGBColor,
    shaded: bool,
) -> Result<()> {
    let mid = |k: usize| k as f64 + 0.5;
    if shaded {
        let upper = s.p90.iter().enumerate().map(|(k, &y)| (mid(k), y));
        let lower = s.p10.iter().enumerate().rev().map(|(k, &y)| (mid(k), y));
        let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                colour.mix(0.2).filled(),
            )))
            .map_err(err)?
            .label(format!("{name}: P10-P90 band"))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.mix(0.2).filled())
            });
    }
    let label = if shaded {
        format!("{name} (P50)")
    } else {
        name.to_string()
    };
    chart
        .draw_series(LineSeries::new(
            s.p50.iter().enumerate().map(|(k, &y)| (mid(k), y)),
            colour.stroke_width(2),
        ))
        .map_err(err)?
        .label(label)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
    Ok(())
}

fn burn(area: &Area<'_>, p: &Params, months: &[BandMonth], shaded: bool) -> Result<()> {
    let s = scale(p.market.protocol_decimals);
    let series = Series::of(months, |m| {
        let b = m.figures.burned_total;
        [b.p10, b.p50, b.p90].map(|x| x as f64 / s)
    });
    let share = months
        .last()
        .and_then(|m| m.figures.burned_pct_of_supply.p50)
        .map_or(String::new(), |x| {
            format!(", {x:.2}% of supply by the end (P50)")
        });
    let caption = match p.market.price {
        Some(_) => format!("Protocol tokens burned, cumulative{share}"),
        None => "Protocol tokens burned: not projected (give --protocol-price)".to_string(),
    };
    let mut chart = frame(
        area,
        p,
        &caption,
        months.len(),
        series.max(),
        "protocol tokens",
    )?;
    if p.market.price.is_some() {
        banded(
            &mut chart,
            &series,
            "cumulative burn",
            BUCKET_COLOURS[0],
            shaded,
        )?;
        legend(&mut chart)?;
    }
    Ok(())
}

fn apr(area: &Area<'_>, p: &Params, months: &[BandMonth], shaded: bool) -> Result<()> {
    let given = months
        .iter()
        .all(|m| m.figures.staker_apr_pct.p50.is_some());
    let series = Series::of(months, |m| {
        let a = m.figures.staker_apr_pct;
        [a.p10, a.p50, a.p90].map(|x| x.unwrap_or(0.0))
    });
    let caption = if given {
        "Staker APR (what stakers earned in the month, a year of it, over the stake's value)"
    } else {
        "Staker APR: not projected (give --staked and --protocol-price)"
    };
    let mut chart = frame(
        area,
        p,
        caption,
        months.len(),
        series.max(),
        "APR, % a year",
    )?;
    if given {
        banded(&mut chart, &series, "staker APR", BUCKET_COLOURS[1], shaded)?;
        legend(&mut chart)?;
    }
    Ok(())
}

fn insurance(area: &Area<'_>, p: &Params, months: &[BandMonth], shaded: bool) -> Result<()> {
    let s = scale(p.market.fee_decimals);
    let series = Series::of(months, |m| {
        let f = m.figures.insurance_fund;
        [f.p10, f.p50, f.p90].map(|x| x as f64 / s)
    });
    let floor = p.rails.insurance_floor as f64 / s;
    let cap = (p.rails.insurance_cap != u64::MAX).then(|| p.rails.insurance_cap as f64 / s);
    let top = series.max().max(floor).max(cap.unwrap_or(0.0));
    let caption = match cap {
        Some(_) => "Insurance fund against its floor and cap".to_string(),
        None => "Insurance fund against its floor (no cap)".to_string(),
    };
    // Room above the cap for the legend.
    let mut chart = frame(area, p, &caption, months.len(), top * 1.3, "fee tokens")?;
    banded(
        &mut chart,
        &series,
        "insurance fund",
        BUCKET_COLOURS[2],
        shaded,
    )?;
    let n = months.len() as f64;
    let mut level = |y: f64, name: &str, colour: RGBColor| -> Result<()> {
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, y), (n, y)],
                8,
                5,
                colour.stroke_width(2),
            ))
            .map_err(err)?
            .label(name.to_string())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
        Ok(())
    };
    level(floor, "insurance floor", FLOOR)?;
    if let Some(cap) = cap {
        level(cap, "insurance cap", CAP)?;
    }
    legend(&mut chart)
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_values_are_compact() {
        let c = super::compact;
        assert_eq!(
            (c(60_000_000.0), c(2_500.0), c(0.25), c(0.0)),
            ("60M".into(), "2.5k".into(), "0.25".into(), "0".into())
        );
    }
}
