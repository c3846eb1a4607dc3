//! A projection printed: a table a person reads, `--json` (amounts in base units, one line) and
//! `--csv` (one row a month); one path's figures, or P10 / P50 / P90 over many.
use anyhow::Result;
use fee_router::state::Stage;
use serde::Serialize;

use super::dates::date;
use super::figures::{band_of, band_rate, band_u64, Band, Figures};
use super::{Month, Params, StagePlan};
use crate::commands::intake::projection::MintUnits;
use crate::commands::intake::simulate::stage_name;
use crate::output::to_json;
use crate::units::{decimal_of, Units};

/// One month over many runs.
#[derive(Clone, Debug, PartialEq)]
pub struct BandMonth {
    pub index: u32,
    pub time: i64,
    pub stage: Band<Stage>,
    pub figures: Figures<Band<u64>, Band<Option<f64>>>,
}

/// P10 / P50 / P90 of every figure, month by month, over `runs` (each a projection of the
/// same length).
pub fn bands(runs: &[Vec<Month>]) -> Vec<BandMonth> {
    let months = runs.first().map_or(0, Vec::len);
    (0..months)
        .map(|k| {
            let at: Vec<&Month> = runs.iter().map(|r| &r[k]).collect();
            let stages = band_of(at.iter().map(|m| m.stage.index()).collect());
            let stage = |i: usize| Stage::from_index(i as u8).unwrap_or(Stage::Early);
            let figures: Vec<&Figures<u64, Option<f64>>> = at.iter().map(|m| &m.figures).collect();
            BandMonth {
                index: at[0].index,
                time: at[0].time,
                stage: stages.map_or(
                    Band {
                        p10: at[0].stage,
                        p50: at[0].stage,
                        p90: at[0].stage,
                    },
                    |b| Band {
                        p10: stage(b.p10),
                        p50: stage(b.p50),
                        p90: stage(b.p90),
                    },
                ),
                figures: Figures::across(&figures, band_u64, band_rate),
            }
        })
        .collect()
}

/// What was projected: one path, or bands over several.
pub enum Projected {
    Path(Vec<Month>),
    Bands(Vec<BandMonth>),
}

/// The inputs, echoed in the JSON so that a result says what produced it.
#[derive(Serialize)]
pub struct Echo {
    /// `constant`, `growth` or `csv`.
    pub fees: &'static str,
    pub monthly_fees: Option<u64>,
    pub growth_bps_per_month: Option<i32>,
    pub fees_csv: Option<String>,
    pub distributions_per_month: u32,
    pub start_stage: &'static str,
    pub stage_gates: Option<[u64; 3]>,
    pub stage_schedule: Option<String>,
    pub insurance_floor: u64,
    pub topup_max_bps: u16,
    pub insurance_cap: Option<u64>,
    pub discount_cap: Option<u64>,
    pub insurance_fund: u64,
    pub discount_fund: u64,
    pub discount_spent_bps: u16,
    pub insurance_payout_bps: u16,
    pub insurance_max_payout_bps: u16,
    pub staked: Option<u64>,
    pub yield_cap_scaled: Option<u64>,
    pub stream_period_seconds: Option<u64>,
    pub epoch_seconds: u64,
    pub floor_price: u64,
    pub max_start_price: Option<u64>,
    pub epoch_cap: Option<u64>,
    pub daily_cap: Option<u64>,
    pub protocol_price: Option<f64>,
    pub price_growth_bps_per_month: i32,
    pub fee_decimals: u8,
    pub protocol_decimals: u8,
    pub supply: Option<u64>,
    pub runs: usize,
    pub volatility: f64,
    pub seed: u64,
    /// How the table prints each mint's amounts (the JSON keeps base units).
    #[serde(skip)]
    pub units: MintUnits,
}

/// `u64::MAX` (no limit) as `None`.
pub fn limit(x: u64) -> Option<u64> {
    (x != u64::MAX).then_some(x)
}

#[derive(Serialize)]
struct Row<S, A, R> {
    month: u32,
    date: String,
    stage: S,
    #[serde(flatten)]
    figures: Figures<A, R>,
}

#[derive(Serialize)]
struct Report<'a, S, A, R> {
    start: String,
    months: usize,
    parameters: &'a Echo,
    rows: Vec<Row<S, A, R>>,
}

/// A month of one path, as printed.
type PathRow = Row<&'static str, u64, Option<f64>>;
/// A month over many runs, as printed.
type BandRow = Row<Band<&'static str>, Band<u64>, Band<Option<f64>>>;

fn path_rows(months: &[Month]) -> Vec<PathRow> {
    months
        .iter()
        .map(|m| Row {
            month: m.index + 1,
            date: date(m.time),
            stage: stage_name(m.stage),
            figures: m.figures.clone(),
        })
        .collect()
}

fn band_rows(months: &[BandMonth]) -> Vec<BandRow> {
    months
        .iter()
        .map(|m| Row {
            month: m.index + 1,
            date: date(m.time),
            stage: Band {
                p10: stage_name(m.stage.p10),
                p50: stage_name(m.stage.p50),
                p90: stage_name(m.stage.p90),
            },
            figures: m.figures.clone(),
        })
        .collect()
}

/// The projection as one line of JSON.
pub fn json(p: &Params, echo: &Echo, projected: &Projected) -> Result<String> {
    let start = date(p.start_time);
    match projected {
        Projected::Path(m) => to_json(&Report {
            start,
            months: m.len(),
            parameters: echo,
            rows: path_rows(m),
        }),
        Projected::Bands(m) => to_json(&Report {
            start,
            months: m.len(),
            parameters: echo,
            rows: band_rows(m),
        }),
    }
}

/// A figure as text: in a CSV cell, or in the table.
trait Cell {
    /// CSV cells: one, or three for a band.
    fn csv(&self) -> Vec<String>;
    /// The table's cell, an amount in `units`.
    fn cell(&self, units: Units) -> String;
    /// A band's three columns.
    const WIDE: bool = false;
}

impl Cell for u64 {
    fn csv(&self) -> Vec<String> {
        vec![self.to_string()]
    }
    fn cell(&self, units: Units) -> String {
        units.readable(*self)
    }
}

impl Cell for Option<f64> {
    fn csv(&self) -> Vec<String> {
        vec![self.map_or(String::new(), |x| x.to_string())]
    }
    fn cell(&self, _: Units) -> String {
        self.map_or("n/a".into(), |x| format!("{x:.2}"))
    }
}

impl Cell for &'static str {
    fn csv(&self) -> Vec<String> {
        vec![self.to_string()]
    }
    fn cell(&self, _: Units) -> String {
        self.to_string()
    }
}

impl<T: Cell + PartialEq> Cell for Band<T> {
    fn csv(&self) -> Vec<String> {
        [&self.p10, &self.p50, &self.p90]
            .into_iter()
            .flat_map(Cell::csv)
            .collect()
    }
    fn cell(&self, units: Units) -> String {
        if self.p10 == self.p50 && self.p50 == self.p90 {
            return self.p50.cell(units);
        }
        format!(
            "{} [{}..{}]",
            self.p50.cell(units),
            self.p10.cell(units),
            self.p90.cell(units)
        )
    }
    const WIDE: bool = true;
}

fn csv_rows<S: Cell, A: Cell, R: Cell>(rows: &[Row<S, A, R>]) -> String {
    let names = |n: &str| -> Vec<String> {
        if A::WIDE {
            ["p10", "p50", "p90"]
                .iter()
                .map(|q| format!("{n}_{q}"))
                .collect()
        } else {
            vec![n.to_string()]
        }
    };
    let mut header = vec!["month".to_string(), "date".into()];
    header.extend(names("stage"));
    for n in Figures::<A, R>::AMOUNTS
        .iter()
        .chain(Figures::<A, R>::RATES)
    {
        header.extend(names(n));
    }
    let mut out = header.join(",") + "\n";
    for r in rows {
        let mut cells = vec![r.month.to_string(), r.date.clone()];
        cells.extend(r.stage.csv());
        cells.extend(r.figures.amounts().into_iter().flat_map(Cell::csv));
        cells.extend(r.figures.rates().into_iter().flat_map(Cell::csv));
        out += &(cells.join(",") + "\n");
    }
    out
}

/// The projection as CSV: a header, then a row a month (a band's figures in three columns).
pub fn csv(projected: &Projected) -> String {
    match projected {
        Projected::Path(m) => csv_rows(&path_rows(m)),
        Projected::Bands(m) => csv_rows(&band_rows(m)),
    }
}

const COLUMNS: [&str; 16] = [
    "month",
    "date",
    "stage",
    "fees",
    "buyback",
    "stakers",
    "insurance",
    "discount",
    "burned",
    "burn % supply",
    "staker APR %",
    "insurance paid out",
    "insurance fund",
    "vs floor/cap",
    "discount spent",
    "discount overflow",
];

/// Where the insurance fund stands against its floor and cap.
fn against_rails(fund: u64, p: &Params) -> &'static str {
    if fund < p.rails.insurance_floor {
        "below floor"
    } else if fund >= p.rails.insurance_cap {
        "at cap"
    } else {
        ""
    }
}

/// Which mint each column's amounts are in (`None`: not an amount).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mint {
    Fee,
    Protocol,
}

const COLUMN_MINTS: [Option<Mint>; COLUMNS.len()] = {
    use Mint::*;
    [
        None,
        None,
        None,
        Some(Fee),
        Some(Fee),
        Some(Fee),
        Some(Fee),
        Some(Fee),
        Some(Protocol),
        None,
        None,
        Some(Fee),
        Some(Fee),
        None,
        Some(Fee),
        Some(Fee),
    ]
};

fn table_cells<S: Cell, A: Cell, R: Cell>(r: &Row<S, A, R>, vs: &str, u: MintUnits) -> Vec<String> {
    let f = &r.figures;
    let (fee, protocol) = (u.fee, u.protocol);
    vec![
        r.month.to_string(),
        r.date.clone(),
        r.stage.cell(fee),
        f.fees.cell(fee),
        f.buyback.cell(fee),
        f.stakers.cell(fee),
        f.insurance.cell(fee),
        f.discount.cell(fee),
        f.burned.cell(protocol),
        f.burned_pct_of_supply.cell(fee),
        f.staker_apr_pct.cell(fee),
        f.insurance_paid_out.cell(fee),
        f.insurance_fund.cell(fee),
        vs.to_string(),
        f.discount_spent.cell(fee),
        f.discount_overflow.cell(fee),
    ]
}

/// The unit of each amount column, under its name, when either mint prints in tokens (in
/// base units only, the table keeps the one header line it always had).
fn unit_row(u: MintUnits) -> Option<Vec<String>> {
    if u.fee.decimals.is_none() && u.protocol.decimals.is_none() {
        return None;
    }
    let name = |units: Units, mint: &str| match units.decimals {
        Some(_) => format!("{mint} tokens"),
        None => format!("{mint} base units"),
    };
    Some(
        COLUMN_MINTS
            .iter()
            .map(|m| match m {
                Some(Mint::Fee) => name(u.fee, "fee"),
                Some(Mint::Protocol) => name(u.protocol, "protocol"),
                None => String::new(),
            })
            .collect(),
    )
}

/// Columns right-aligned to their widest cell (the first three left-aligned).
fn align(rows: Vec<Vec<String>>) -> String {
    let mut width = [0usize; COLUMNS.len()];
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(width)
            .enumerate()
            .map(|(i, (c, w))| {
                if i < 3 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out += cells.join("  ").trim_end();
        out += "\n";
    }
    out
}

/// The table a person reads: what was assumed, then a row a month.
pub fn table(p: &Params, echo: &Echo, projected: &Projected) -> String {
    let u = echo.units;
    let mut rows = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    rows.extend(unit_row(u));
    match projected {
        Projected::Path(m) => rows.extend(path_rows(m).iter().map(|r| {
            let vs = against_rails(r.figures.insurance_fund, p);
            table_cells(r, vs, u)
        })),
        Projected::Bands(m) => rows.extend(band_rows(m).iter().map(|r| {
            let vs = against_rails(r.figures.insurance_fund.p50, p);
            table_cells(r, vs, u)
        })),
    }
    assumptions(p, echo) + &align(rows)
}

fn or_none(x: Option<u64>, u: Units) -> String {
    x.map_or("none".into(), |x| u.show(x))
}

/// An auction price (protocol base units per fee base unit, times 1e9) in protocol tokens per
/// fee token when both mints print in tokens, else as given.
fn price(scaled: u64, u: MintUnits) -> String {
    match (u.fee.decimals, u.protocol.decimals) {
        (Some(f), Some(pd)) => format!(
            "{} protocol tokens per fee token",
            decimal_of(u128::from(scaled), 9 + i64::from(pd) - i64::from(f))
        ),
        _ => scaled.to_string(),
    }
}

/// What the table's amounts are in.
fn units_line(u: MintUnits) -> String {
    let name = |units: Units, mint: &str| match units.decimals {
        Some(d) => format!("{mint} tokens ({d} decimals; --json and --csv print base units)"),
        None => format!("{mint}-token base units"),
    };
    format!(
        "Amounts in {}; burned in {}.\n",
        name(u.fee, "fee"),
        name(u.protocol, "protocol")
    )
}

/// The lines above the table.
fn assumptions(p: &Params, e: &Echo) -> String {
    let u = e.units;
    let (fee, protocol) = (u.fee, u.protocol);
    let months = match &p.stages {
        StagePlan::Gates(g) => format!(
            "stage from {}, moved by the gates (growth {}, mature {}; 0 is none)",
            e.start_stage,
            fee.show(g[1]),
            fee.show(g[2])
        ),
        StagePlan::Schedule(_) => format!(
            "stages by schedule {}",
            e.stage_schedule.as_deref().unwrap_or("")
        ),
    };
    let every = match p.distributions_per_month {
        1 => "one distribution a month".to_string(),
        n => format!("{n} distributions a month"),
    };
    let mut out = format!(
        "Projection from {}: months of 30 days, {every}; {months}.\n",
        date(p.start_time)
    );
    out += &format!(
        "Insurance: floor {} (top-up at most {:.2}% of a distribution), cap {}, fund at start {}, payouts of {:.2}% of the fund a month (limit {:.2}% in 30 days). Discount: cap {}, rebates spend {:.2}% of the vault a month.\n",
        fee.show(e.insurance_floor),
        f64::from(e.topup_max_bps) / 100.0,
        or_none(e.insurance_cap, fee),
        fee.show(e.insurance_fund),
        f64::from(e.insurance_payout_bps) / 100.0,
        f64::from(e.insurance_max_payout_bps) / 100.0,
        or_none(e.discount_cap, fee),
        f64::from(e.discount_spent_bps) / 100.0,
    );
    let cap = |c: u64| match (fee.decimals, protocol.decimals) {
        (Some(f), Some(pd)) => {
            let cap = crate::apr::Yield {
                scaled: u128::from(c),
                capped: false,
                active: 0,
            };
            format!("{} fee tokens per protocol token a year", cap.tokens(f, pd))
        }
        _ => format!("{c} (fee units per protocol unit a year, times 1e12)"),
    };
    out += &match e.staked {
        None => "Stakers: always room (no --staked given).\n".to_string(),
        Some(s) => format!(
            "Stakers: {} staked, yield cap {}, stream {} s.\n",
            protocol.show(s),
            e.yield_cap_scaled.map_or("none".to_string(), cap),
            e.stream_period_seconds.unwrap_or_default()
        ),
    };
    let period = e.stream_period_seconds.unwrap_or(u64::MAX);
    let gap =
        u64::try_from(super::MONTH_SECONDS).unwrap_or(0) / u64::from(e.distributions_per_month);
    if e.yield_cap_scaled.is_some() && period < gap {
        out += &format!(
            "Note: a distribution every {} days and a {}-day stream: a binding yield cap pays the stakers {} days of each {}; a crank that distributes daily is --distributions-per-month 30.\n",
            gap / 86_400,
            period / 86_400,
            period / 86_400,
            gap / 86_400,
        );
    }
    out += &match e.protocol_price {
        None => "Auction: no --protocol-price given, so nothing is sold or burned.\n".to_string(),
        Some(market) => format!(
            "Auction: protocol token at {market} fee tokens, {} bps a month; floor price {}, epoch cap {}, day cap {}; supply {}.\n",
            e.price_growth_bps_per_month,
            price(e.floor_price, u),
            or_none(e.epoch_cap, fee),
            or_none(e.daily_cap, fee),
            or_none(e.supply, protocol),
        ),
    };
    out += &units_line(u);
    if e.runs > 1 {
        out += &format!(
            "Each cell: P50 [P10..P90] over {} fee paths, volatility {} a month, seed {}.\n",
            e.runs, e.volatility, e.seed
        );
    }
    out
}
