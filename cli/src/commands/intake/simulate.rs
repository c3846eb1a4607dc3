//! `fee-router simulate`: the split of a month of fees in each stage, computed by the
//! program's own `math::split::allocate`; with `--months N`, a projection month by month
//! (`crate::projection`).
use anyhow::{anyhow, Result};
use fee_router::math::split::{allocate, Balances, Rails, BUCKETS, BUCKET_NAMES};
use fee_router::state::{Split, Stage, DEFAULT_SPLITS};
use serde::Serialize;

use crate::config::GlobalArgs;
use crate::output::to_json;
use crate::units::{Amount, Units};

#[derive(clap::Args)]
pub struct Args {
    /// Fees collected in a month: fee tokens with --fee-decimals (`2.5`), else base units.
    #[arg(
        long,
        required_unless_present = "fees_csv",
        conflicts_with = "fees_csv"
    )]
    pub monthly_fees: Option<Amount>,
    #[command(flatten)]
    pub projection: super::projection::ProjectionArgs,
}

#[derive(Serialize)]
struct StageRow {
    stage: &'static str,
    buyback: u64,
    stakers: u64,
    insurance: u64,
    discount: u64,
    #[serde(skip)]
    buyback_bps: u16,
    #[serde(skip)]
    stakers_bps: u16,
    #[serde(skip)]
    insurance_bps: u16,
    #[serde(skip)]
    discount_bps: u16,
}

#[derive(Serialize)]
struct Report {
    monthly_fees: u64,
    stages: Vec<StageRow>,
}

pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Early => "early",
        Stage::Growth => "growth",
        Stage::Mature => "mature",
    }
}

fn row(
    stage: Stage,
    split: &Split,
    fees: u64,
    rails: &Rails,
    balances: &Balances,
) -> Result<StageRow> {
    let a = allocate(fees, split.bps(), rails, balances)
        .map_err(|_| anyhow!("the {} split does not sum to 10000 bps", stage_name(stage)))?;
    let [buyback, stakers, insurance, discount] = a.amounts;
    let [buyback_bps, stakers_bps, insurance_bps, discount_bps] = split.bps();
    Ok(StageRow {
        stage: stage_name(stage),
        buyback,
        stakers,
        insurance,
        discount,
        buyback_bps,
        stakers_bps,
        insurance_bps,
        discount_bps,
    })
}

pub fn run(args: Args, global: &GlobalArgs) -> Result<()> {
    let units = args.projection.units(global);
    let fee = units.fee;
    let monthly_fees = args
        .monthly_fees
        .map(|a| units.read(super::projection::Mint::Fee, a, "--monthly-fees"))
        .transpose()?;
    if args.projection.months.is_some() {
        return super::projection::run(monthly_fees, args.projection, global);
    }
    let monthly_fees =
        monthly_fees.ok_or_else(|| anyhow!("--monthly-fees is required without --months"))?;
    let json = global.json;
    let stages = Stage::ALL
        .iter()
        .map(|&s| {
            row(
                s,
                &DEFAULT_SPLITS[s.index()],
                monthly_fees,
                &Rails::NONE,
                &Balances::default(),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let report = Report {
        monthly_fees,
        stages,
    };
    if json {
        println!("{}", to_json(&report)?);
        return Ok(());
    }
    print!("{}", table(&report, fee));
    Ok(())
}

/// The one-month table: in base units as it always printed, or in fee tokens when the fee
/// mint's decimals are given (the unit named on the first line).
fn table(report: &Report, fee: Units) -> String {
    let mut out = match fee.decimals {
        None => format!("Monthly fees: {}\n", report.monthly_fees),
        Some(d) => format!(
            "Monthly fees: {} fee tokens ({d} decimals); each bucket in fee tokens\n",
            fee.readable(report.monthly_fees)
        ),
    };
    out += &format!("{:<8}", "stage");
    for name in BUCKET_NAMES {
        out += &format!("{name:>22}");
    }
    out += "\n";
    for r in &report.stages {
        let cells: [(u64, u16); BUCKETS] = [
            (r.buyback, r.buyback_bps),
            (r.stakers, r.stakers_bps),
            (r.insurance, r.insurance_bps),
            (r.discount, r.discount_bps),
        ];
        out += &format!("{:<8}", r.stage);
        for (amount, bps) in cells {
            let cell = format!("{} ({:.2}%)", fee.readable(amount), f64::from(bps) / 100.0);
            out += &format!("{cell:>22}");
        }
        out += "\n";
    }
    out
}
