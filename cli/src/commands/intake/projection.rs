//! `fee-router simulate --months N`'s arguments: the fee series, the stage plan, the guard
//! rails, the stake, the auction and the market, the runs; and its output (table, `--json`,
//! `--csv`, `--svg FILE`). The projection itself is `crate::projection`.
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use fee_router::math::split::Rails;
use fee_router::state::{Stage, DEFAULT_SPLITS};

use super::simulate::stage_name;
use crate::commands::StageArg;
use crate::config::GlobalArgs;
use crate::projection::output::{self, bands, limit, Echo, Projected};
use crate::projection::paths::{random_paths, read_fees_csv, FeeSource};
use crate::projection::{chart, dates, project, AuctionCaps, Market, Params, StagePlan, Staking};
use crate::units::{Amount, AmountError, Units};

/// Every option but `--months` needs `--months`.
#[derive(clap::Args, Clone, Debug)]
pub struct ProjectionArgs {
    /// Project N months (of 30 days, one distribution each) instead of printing one month's split.
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,
    /// The monthly fees grow by this much each month (negative: shrink), bps.
    #[arg(
        long,
        requires = "months",
        requires = "monthly_fees",
        value_name = "BPS"
    )]
    pub growth_bps_per_month: Option<i32>,
    /// Monthly fees from a file: one month a line, the amount in the last column (fee tokens
    /// with --fee-decimals, else base units).
    #[arg(long, requires = "months", value_name = "FILE")]
    pub fees_csv: Option<PathBuf>,
    /// Distributions a month, at equal intervals (a crank distributing daily: 30). Under a
    /// binding yield cap one a month pays stakers one stream period's worth of the cap.
    #[arg(long, requires = "months", default_value_t = 1, value_name = "D")]
    pub distributions_per_month: u32,
    /// The first month's date (UTC, YYYY-MM-DD); today by default.
    #[arg(long, requires = "months", value_name = "DATE")]
    pub start: Option<String>,
    /// The stage of the first month.
    #[arg(long, requires = "months", value_enum, default_value = "early")]
    pub start_stage: StageArg,
    /// Trailing 30-day fees the Growth stage's gate requires (0: the gates never move to it).
    #[arg(long, requires = "months", default_value = "0")]
    pub gate_growth: Amount,
    /// ... the Mature stage's gate requires.
    #[arg(long, requires = "months", default_value = "0")]
    pub gate_mature: Amount,
    /// The stage by month instead of the gates: `early:0,growth:6,mature:18` (from the 7th
    /// month on, Growth; from the 19th, Mature).
    #[arg(long, requires = "months", conflicts_with_all = ["gate_growth", "gate_mature"])]
    pub stage_schedule: Option<String>,
    /// Insurance floor (fee tokens with --fee-decimals, else base units; as every fee amount).
    #[arg(long, requires = "months", default_value = "0")]
    pub insurance_floor: Amount,
    /// Most of one distribution the floor top-up may take, bps.
    #[arg(long, requires = "months", default_value_t = 2_000)]
    pub topup_max_bps: u16,
    /// Insurance cap (none by default).
    #[arg(long, requires = "months")]
    pub insurance_cap: Option<Amount>,
    /// The insurance fund at the start.
    #[arg(long, requires = "months", default_value = "0")]
    pub insurance_fund: Amount,
    /// Discount budget cap (none by default).
    #[arg(long, requires = "months")]
    pub discount_cap: Option<Amount>,
    /// Share of the discount vault that rebates pay out each month, bps.
    #[arg(long, requires = "months", default_value_t = 10_000)]
    pub discount_spent_bps: u16,
    /// Share of the insurance fund the exchange's shortfall claims each month, bps (paid within
    /// --insurance-max-payout-bps).
    #[arg(long, requires = "months", default_value_t = 0)]
    pub insurance_payout_bps: u16,
    /// The payout limit: the most of the insurance fund paid out in 30 days, bps.
    #[arg(long, requires = "months", default_value_t = 2_000)]
    pub insurance_max_payout_bps: u16,
    /// Active stake: protocol tokens with --protocol-decimals, else base units (without it:
    /// stakers always have room, no APR).
    #[arg(long, requires = "months")]
    pub staked: Option<Amount>,
    /// Yield cap as the program stores it: fee-token base units per protocol-token base unit
    /// per year, times 1e12 (none by default).
    #[arg(long, requires = "staked")]
    pub yield_cap_scaled: Option<u64>,
    /// Seconds over which each staker share is streamed.
    #[arg(long, requires = "months", default_value_t = 7 * 86_400)]
    pub stream_period_seconds: u64,
    /// The protocol token's price in fee tokens (e.g. 0.5); without it nothing is sold or burned.
    #[arg(long, requires = "months", value_name = "PRICE")]
    pub protocol_price: Option<f64>,
    /// The protocol price grows by this much each month (negative: falls), bps.
    #[arg(
        long,
        requires = "protocol_price",
        default_value_t = 0,
        value_name = "BPS"
    )]
    pub price_growth_bps_per_month: i32,
    /// Protocol tokens in existence at the start (burn as a share of it).
    #[arg(long, requires = "months")]
    pub supply: Option<Amount>,
    /// The fee mint's decimals: fee amounts are then typed and printed in fee tokens (base
    /// units with --base-units; --json and --csv print base units). Without it, base units,
    /// and the market's price and the chart take 6.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=19))]
    pub fee_decimals: Option<u8>,
    /// The protocol mint's decimals: stake, supply and burns in protocol tokens (as above).
    #[arg(long, requires = "months", value_parser = clap::value_parser!(u8).range(0..=19))]
    pub protocol_decimals: Option<u8>,
    /// Auction epoch, seconds.
    #[arg(long, requires = "months", default_value_t = 86_400)]
    pub epoch_seconds: u64,
    /// The auction's floor: protocol base units per fee base unit, times 1e9.
    #[arg(long, requires = "months", default_value_t = 1)]
    pub floor_price: u64,
    /// The highest start price (same units; none by default).
    #[arg(long, requires = "months")]
    pub max_start_price: Option<u64>,
    /// Most fee tokens sold in one epoch (none by default).
    #[arg(long, requires = "months")]
    pub epoch_cap: Option<Amount>,
    /// Most fee tokens sold over any rolling 24 hours (none by default).
    #[arg(long, requires = "months")]
    pub daily_cap: Option<Amount>,
    /// Fee paths to draw; with more than one, each figure is printed as P10 / P50 / P90.
    #[arg(long, requires = "months", default_value_t = 1)]
    pub runs: usize,
    /// Standard deviation of the fees' monthly log-change on each path (0.3: about 30%).
    #[arg(long, requires = "months", default_value_t = 0.0)]
    pub volatility: f64,
    /// Seed of the paths' random generator: the same seed prints the same projection.
    #[arg(long, requires = "months", default_value_t = 0)]
    pub seed: u64,
    /// Print CSV: a header, then a row a month.
    #[arg(long, requires = "months")]
    pub csv: bool,
    /// Also write the chart as one self-contained SVG file.
    #[arg(long, requires = "months", value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

/// `early:0,growth:6` as (month index, stage) pairs.
pub fn parse_schedule(s: &str) -> Result<Vec<(u32, Stage)>> {
    s.split(',')
        .map(|part| {
            let (name, month) = part
                .split_once(':')
                .with_context(|| format!("{part:?} is not STAGE:MONTH"))?;
            let stage = Stage::ALL
                .into_iter()
                .find(|&st| stage_name(st) == name.trim())
                .with_context(|| format!("{name:?} is not a stage (early, growth, mature)"))?;
            let month = month
                .trim()
                .parse::<u32>()
                .with_context(|| format!("{month:?} is not a month index"))?;
            Ok((month, stage))
        })
        .collect()
}

/// How `simulate` reads and prints each mint's amounts: in tokens when the mint's decimals
/// are given (`--fee-decimals`, `--protocol-decimals`) and `--base-units` is not, else in
/// base units, as before decimals could be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MintUnits {
    pub fee: Units,
    pub protocol: Units,
    /// `--base-units` was given.
    pub base_units: bool,
}

/// A mint whose amounts `simulate` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mint {
    Fee,
    Protocol,
}

impl MintUnits {
    pub fn of(fee_decimals: Option<u8>, protocol_decimals: Option<u8>, base_units: bool) -> Self {
        let units = |d: Option<u8>| Units {
            decimals: d.filter(|_| !base_units),
        };
        Self {
            fee: units(fee_decimals),
            protocol: units(protocol_decimals),
            base_units,
        }
    }

    /// `amount`, typed as `what` for `mint`, in base units; the error keeps its type and
    /// names the argument and its units.
    pub fn read(&self, mint: Mint, amount: Amount, what: &str) -> Result<u64> {
        let (units, name, flag) = match mint {
            Mint::Fee => (self.fee, "fee", "--fee-decimals"),
            Mint::Protocol => (self.protocol, "protocol", "--protocol-decimals"),
        };
        let how = match units.decimals {
            Some(d) => format!("{name} tokens, {d} decimals"),
            None if self.base_units => format!("{name}-token base units: --base-units"),
            None => format!("{name}-token base units"),
        };
        let read = match units.read(amount) {
            Err(AmountError::FractionalBaseUnits(amount)) if !self.base_units => {
                Err(AmountError::FractionalWithoutDecimals { amount, flag })
            }
            other => other,
        };
        read.map_err(|e| anyhow::Error::new(e).context(format!("{what} (in {how})")))
    }
}

/// The amount arguments in base units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Amounts {
    gate_growth: u64,
    gate_mature: u64,
    insurance_floor: u64,
    insurance_cap: Option<u64>,
    insurance_fund: u64,
    discount_cap: Option<u64>,
    staked: Option<u64>,
    supply: Option<u64>,
    epoch_cap: Option<u64>,
    daily_cap: Option<u64>,
}

impl ProjectionArgs {
    /// How amounts are typed and printed.
    pub fn units(&self, global: &GlobalArgs) -> MintUnits {
        MintUnits::of(self.fee_decimals, self.protocol_decimals, global.base_units)
    }

    fn amounts(&self, u: MintUnits) -> Result<Amounts> {
        let fee = |a: Amount, what: &str| u.read(Mint::Fee, a, what);
        let protocol = |a: Amount, what: &str| u.read(Mint::Protocol, a, what);
        Ok(Amounts {
            gate_growth: fee(self.gate_growth, "--gate-growth")?,
            gate_mature: fee(self.gate_mature, "--gate-mature")?,
            insurance_floor: fee(self.insurance_floor, "--insurance-floor")?,
            insurance_cap: self
                .insurance_cap
                .map(|a| fee(a, "--insurance-cap"))
                .transpose()?,
            insurance_fund: fee(self.insurance_fund, "--insurance-fund")?,
            discount_cap: self
                .discount_cap
                .map(|a| fee(a, "--discount-cap"))
                .transpose()?,
            staked: self.staked.map(|a| protocol(a, "--staked")).transpose()?,
            supply: self.supply.map(|a| protocol(a, "--supply")).transpose()?,
            epoch_cap: self.epoch_cap.map(|a| fee(a, "--epoch-cap")).transpose()?,
            daily_cap: self.daily_cap.map(|a| fee(a, "--daily-cap")).transpose()?,
        })
    }

    fn check(&self, n: &Amounts) -> Result<()> {
        let months = self.months.unwrap_or(0);
        if !(1..=1_200).contains(&months) {
            bail!("--months takes 1 to 1200");
        }
        if !(1..=720).contains(&self.distributions_per_month) {
            bail!("--distributions-per-month takes 1 to 720 (hourly)");
        }
        if !(1..=100_000).contains(&self.runs) {
            bail!("--runs takes 1 to 100000");
        }
        if !(self.volatility.is_finite() && (0.0..=5.0).contains(&self.volatility)) {
            bail!("--volatility takes 0 to 5 (a standard deviation of the monthly log-change)");
        }
        if self.topup_max_bps > 10_000 || self.discount_spent_bps > 10_000 {
            bail!("--topup-max-bps and --discount-spent-bps take at most 10000");
        }
        if self.insurance_payout_bps > 10_000 || self.insurance_max_payout_bps > 10_000 {
            bail!("--insurance-payout-bps and --insurance-max-payout-bps take at most 10000");
        }
        if n.insurance_floor > n.insurance_cap.unwrap_or(u64::MAX) {
            bail!("the insurance floor is above its cap");
        }
        if !(60..=365 * 86_400).contains(&self.stream_period_seconds) {
            bail!("--stream-period-seconds takes 60 seconds to a year");
        }
        if !(60..=30 * 86_400).contains(&self.epoch_seconds) || self.floor_price == 0 {
            bail!("--epoch-seconds takes a minute to 30 days, --floor-price at least 1");
        }
        if self.floor_price > self.max_start_price.unwrap_or(u64::MAX) {
            bail!("the floor price is above the highest start price");
        }
        Ok(())
    }

    fn params(&self, n: &Amounts) -> Result<Params> {
        let start_time = match &self.start {
            Some(s) => dates::parse_date(s)?,
            None => dates::today(),
        };
        let stages = match &self.stage_schedule {
            Some(s) => StagePlan::Schedule(parse_schedule(s)?),
            None => StagePlan::Gates([0, n.gate_growth, n.gate_mature]),
        };
        Ok(Params {
            start_time,
            distributions_per_month: self.distributions_per_month,
            start_stage: self.start_stage.into(),
            splits: DEFAULT_SPLITS,
            stages,
            rails: Rails {
                insurance_floor: n.insurance_floor,
                insurance_topup_max_bps: self.topup_max_bps,
                insurance_cap: n.insurance_cap.unwrap_or(u64::MAX),
                discount_cap: n.discount_cap.unwrap_or(u64::MAX),
            },
            insurance_fund: n.insurance_fund,
            discount_fund: 0,
            discount_spent_bps: self.discount_spent_bps,
            insurance_payout_bps: self.insurance_payout_bps,
            insurance_max_payout_bps: self.insurance_max_payout_bps,
            staking: n.staked.map(|staked| Staking {
                staked,
                yield_cap_scaled: self.yield_cap_scaled.unwrap_or(u64::MAX),
                stream_period_seconds: self.stream_period_seconds,
            }),
            auction: AuctionCaps {
                epoch_seconds: self.epoch_seconds,
                floor_price: self.floor_price,
                max_start_price: self.max_start_price.unwrap_or(u64::MAX),
                epoch_cap: n.epoch_cap.unwrap_or(u64::MAX),
                daily_cap: n.daily_cap.unwrap_or(u64::MAX),
            },
            market: Market {
                price: self.protocol_price,
                price_growth_bps: self.price_growth_bps_per_month,
                fee_decimals: self.fee_decimals.unwrap_or(DEFAULT_DECIMALS),
                protocol_decimals: self.protocol_decimals.unwrap_or(DEFAULT_DECIMALS),
                supply: n.supply,
            },
        })
    }

    fn echo(&self, monthly_fees: Option<u64>, n: &Amounts, p: &Params, units: MintUnits) -> Echo {
        let fees = match (&self.fees_csv, self.growth_bps_per_month) {
            (Some(_), _) => "csv",
            (None, Some(_)) => "growth",
            (None, None) => "constant",
        };
        Echo {
            fees,
            monthly_fees,
            growth_bps_per_month: self.growth_bps_per_month,
            fees_csv: self.fees_csv.as_ref().map(|f| f.display().to_string()),
            distributions_per_month: self.distributions_per_month,
            start_stage: stage_name(p.start_stage),
            stage_gates: match p.stages {
                StagePlan::Gates(g) => Some(g),
                StagePlan::Schedule(_) => None,
            },
            stage_schedule: self.stage_schedule.clone(),
            insurance_floor: n.insurance_floor,
            topup_max_bps: self.topup_max_bps,
            insurance_cap: limit(p.rails.insurance_cap),
            discount_cap: limit(p.rails.discount_cap),
            insurance_fund: n.insurance_fund,
            discount_fund: 0,
            discount_spent_bps: self.discount_spent_bps,
            insurance_payout_bps: self.insurance_payout_bps,
            insurance_max_payout_bps: self.insurance_max_payout_bps,
            staked: n.staked,
            yield_cap_scaled: n.staked.and(self.yield_cap_scaled),
            stream_period_seconds: n.staked.map(|_| self.stream_period_seconds),
            epoch_seconds: self.epoch_seconds,
            floor_price: self.floor_price,
            max_start_price: self.max_start_price,
            epoch_cap: n.epoch_cap,
            daily_cap: n.daily_cap,
            protocol_price: self.protocol_price,
            price_growth_bps_per_month: self.price_growth_bps_per_month,
            fee_decimals: p.market.fee_decimals,
            protocol_decimals: p.market.protocol_decimals,
            supply: n.supply,
            runs: self.runs,
            volatility: self.volatility,
            seed: self.seed,
            units,
        }
    }

    /// The fee series asked for.
    fn source(&self, monthly_fees: Option<u64>, u: MintUnits) -> Result<FeeSource> {
        Ok(
            match (&self.fees_csv, monthly_fees, self.growth_bps_per_month) {
                (Some(path), _, _) => FeeSource::Series(read_fees_csv(path, u)?),
                (None, Some(start), Some(bps)) => FeeSource::Growth { start, bps },
                (None, Some(x), None) => FeeSource::Constant(x),
                (None, None, _) => bail!("give --monthly-fees or --fees-csv"),
            },
        )
    }
}

/// The decimals the market's price, the APR and the chart assume for a mint whose decimals
/// were not given.
const DEFAULT_DECIMALS: u8 = 6;

/// `simulate --months N`, the monthly fees already in base units.
pub fn run(monthly_fees: Option<u64>, a: ProjectionArgs, global: &GlobalArgs) -> Result<()> {
    let units = a.units(global);
    let n = a.amounts(units)?;
    a.check(&n)?;
    if a.csv && global.json {
        bail!("--csv and --json are two outputs: give one");
    }
    let p = a.params(&n)?;
    let months = a.months.unwrap_or(0) as usize;
    let base = a.source(monthly_fees, units)?.months(months)?;
    let projected = if a.runs == 1 && a.volatility == 0.0 {
        Projected::Path(project(&p, &base)?)
    } else {
        let runs = random_paths(&base, a.runs, a.volatility, a.seed)
            .iter()
            .map(|fees| project(&p, fees))
            .collect::<Result<Vec<_>>>()?;
        match runs.as_slice() {
            [one] => Projected::Path(one.clone()),
            _ => Projected::Bands(bands(&runs)),
        }
    };
    let echo = a.echo(monthly_fees, &n, &p, units);
    if let Some(path) = &a.svg {
        let months = match &projected {
            Projected::Path(m) => bands(std::slice::from_ref(m)),
            Projected::Bands(b) => b.clone(),
        };
        let svg = chart::svg(&p, &months, a.runs)?;
        std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("chart written to {}", path.display());
    }
    if global.json {
        println!("{}", output::json(&p, &echo, &projected)?);
    } else if a.csv {
        print!("{}", output::csv(&projected));
    } else {
        print!("{}", output::table(&p, &echo, &projected));
    }
    Ok(())
}
