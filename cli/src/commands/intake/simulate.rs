//! `fee-router simulate`: the split of a month of fees in each stage, computed by the
//! program's own `math::split::allocate`; with `--months N`, a projection month by month
//! (`crate::projection`).
use anyhow::{anyhow, Result};
use fee_router::math::split::{allocate, Balances, Rails, BUCKETS, BUCKET_NAMES};
use fee_router::state::{Split, Stage, DEFAULT_SPLITS};
use serde::Serialize;

use crate::config::GlobalArgs;
use crate::output::to_json;

#[derive(clap::Args)]
pub struct Args {
    /// Fees collected in a month, in base units of the fee token.
    #[arg(
        long,
        required_unless_present = "fees_csv",
        conflicts_with = "fees_csv"
    )]
    pub monthly_fees: Option<u64>,
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
    if args.projection.months.is_some() {
        return super::projection::run(args.monthly_fees, args.projection, global);
    }
    let monthly_fees = args
        .monthly_fees
        .ok_or_else(|| anyhow!("--monthly-fees is required without --months"))?;
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
    println!("Monthly fees: {}", report.monthly_fees);
    print!("{:<8}", "stage");
    for name in BUCKET_NAMES {
        print!("{:>22}", name);
    }
    println!();
    for r in &report.stages {
        let cells: [(u64, u16); BUCKETS] = [
            (r.buyback, r.buyback_bps),
            (r.stakers, r.stakers_bps),
            (r.insurance, r.insurance_bps),
            (r.discount, r.discount_bps),
        ];
        print!("{:<8}", r.stage);
        for (amount, bps) in cells {
            print!(
                "{:>22}",
                format!("{amount} ({:.2}%)", f64::from(bps) / 100.0)
            );
        }
        println!();
    }
    Ok(())
}
