//! Declarative deployment: a TOML file says what a router should look like; `plan` compares it
//! with the chain and lists the instructions that get there. Applying a plan twice changes
//! nothing the second time: a router already as described yields an empty plan.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anyhow::{bail, Context as _, Result};
use fee_router::state::{
    DiscountTiers, GuardRails, InsuranceFund, RebateTier, Rebates, Router, Split, Stage, MAX_TIERS,
};
use fee_router_sdk::ix;
use serde::{Deserialize, Deserializer};

/// Keys are written as base58 strings.
fn pubkey<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Pubkey, D::Error> {
    let s = String::deserialize(d)?;
    s.parse()
        .map_err(|_| serde::de::Error::custom(crate::fault::InvalidAddress(s)))
}

fn optional_pubkey<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Pubkey>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| {
            s.parse()
                .map_err(|_| serde::de::Error::custom(crate::fault::InvalidAddress(s)))
        })
        .transpose()
}

/// `migrations/*.toml`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    #[serde(deserialize_with = "pubkey")]
    pub fee_mint: Pubkey,
    #[serde(deserialize_with = "pubkey")]
    pub protocol_mint: Pubkey,
    /// The authority the router ends with (a multisig vault, say). The deploying key keeps
    /// authority while it configures, then proposes this one, which must accept.
    #[serde(default, deserialize_with = "optional_pubkey")]
    pub authority: Option<Pubkey>,
    #[serde(default, deserialize_with = "optional_pubkey")]
    pub guardian: Option<Pubkey>,
    pub stage: Option<StageName>,
    #[serde(default)]
    pub splits: Splits,
    pub guard_rails: Option<RailsConfig>,
    /// Issuer powers of the fee mint the deployer accepts (names as in `fee-router init
    /// --acknowledge`): exactly the mint's, or the router is refused.
    #[serde(default)]
    pub acknowledge_fee_mint_powers: Vec<String>,
    /// The exchange's shortfall account (a fee-mint token account), where insurance pays out.
    #[serde(default, deserialize_with = "optional_pubkey")]
    pub shortfall_account: Option<Pubkey>,
    /// The exchange's rebate authority: its key, or its program's PDA that calls by CPI.
    #[serde(default, deserialize_with = "optional_pubkey")]
    pub rebate_authority: Option<Pubkey>,
    /// The discount tiers, when not the defaults.
    pub discount_tiers: Option<TiersConfig>,
    /// The stake pool's other fee lines, one `[[fee_lines]]` table per fee mint: a router of
    /// the deployer and the protocol mint each, joined to this router (`add-fee-line`).
    #[serde(default)]
    pub fee_lines: Vec<LineConfig>,
}

/// `[[fee_lines]]`: another fee mint of the exchange, routed by its own router in this
/// router's stake pool.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct LineConfig {
    #[serde(deserialize_with = "pubkey")]
    pub fee_mint: Pubkey,
    /// As the router's own: the line's fee mint's issuer powers the deployer accepts.
    #[serde(default)]
    pub acknowledge_fee_mint_powers: Vec<String>,
    /// The line's guard rails, in its fee mint's base units.
    pub guard_rails: Option<RailsConfig>,
}

/// `[discount_tiers]`: a warm-up and up to eight `[min_stake, rebate_bps]` pairs, in
/// protocol-token base units and basis points, lowest threshold first.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct TiersConfig {
    pub warmup_seconds: u64,
    pub tiers: Vec<[u64; 2]>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StageName {
    Early,
    Growth,
    Mature,
}

impl From<StageName> for Stage {
    fn from(s: StageName) -> Self {
        match s {
            StageName::Early => Stage::Early,
            StageName::Growth => Stage::Growth,
            StageName::Mature => Stage::Mature,
        }
    }
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct SplitConfig {
    pub buyback: u16,
    pub stakers: u16,
    pub insurance: u16,
    pub discount: u16,
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct Splits {
    pub early: Option<SplitConfig>,
    pub growth: Option<SplitConfig>,
    pub mature: Option<SplitConfig>,
}

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct RailsConfig {
    pub insurance_floor: u64,
    pub insurance_cap: u64,
    pub insurance_topup_max_bps: u64,
    pub discount_cap: u64,
}

impl DeployConfig {
    pub fn parse(text: &str) -> Result<Self> {
        let config: DeployConfig = toml::from_str(text).context("parsing the deploy config")?;
        for (name, split) in config.splits() {
            if !split.is_complete() {
                bail!("splits.{name}: the four shares must sum to 10000 bps");
            }
        }
        use fee_router::state::mint_powers::POWER_NAMES;
        let lines = config.fee_lines.iter();
        if config.fee_lines.len() >= usize::from(fee_router::constants::MAX_FEE_LINES) {
            bail!(
                "fee_lines: at most {} besides the router's own",
                fee_router::constants::MAX_FEE_LINES - 1
            );
        }
        let mut mints = vec![config.fee_mint, config.protocol_mint];
        for l in lines.clone() {
            if mints.contains(&l.fee_mint) {
                bail!("fee_lines: fee mint {} appears twice (or is the router's fee or protocol mint)", l.fee_mint);
            }
            mints.push(l.fee_mint);
            if l.guard_rails.is_some_and(|r| !rails_of(r).is_sane()) {
                bail!("fee_lines: the guard rails of {}: the top-up share is at most 10000 bps and the floor at most the cap", l.fee_mint);
            }
        }
        let line_powers = lines.flat_map(|l| l.acknowledge_fee_mint_powers.iter());
        for name in config.acknowledge_fee_mint_powers.iter().chain(line_powers) {
            if !POWER_NAMES.iter().any(|(_, n)| n == name) {
                let known: Vec<&str> = POWER_NAMES.iter().map(|(_, n)| *n).collect();
                bail!(
                    "acknowledge_fee_mint_powers: unknown power {name:?} (known: {})",
                    known.join(", ")
                );
            }
        }
        if let Some(rails) = config.rails() {
            if !rails.is_sane() {
                bail!("guard_rails: the top-up share is at most 10000 bps and the floor at most the cap");
            }
        }
        if let Some(t) = &config.discount_tiers {
            if t.tiers.len() > MAX_TIERS || !config.tiers().is_some_and(|t| t.is_sane()) {
                bail!(
                    "discount_tiers: at most {MAX_TIERS} tiers, thresholds of at least 1 strictly \
                     ascending, shares of 1 to 10000 bps never falling, a warm-up of at most 30 days"
                );
            }
        }
        Ok(config)
    }

    /// The acknowledged power names as bits.
    pub fn acknowledged_fee_mint_powers(&self) -> u32 {
        power_bits(&self.acknowledge_fee_mint_powers)
    }

    fn splits(&self) -> Vec<(&'static str, Split)> {
        let s = &self.splits;
        [
            ("early", s.early),
            ("growth", s.growth),
            ("mature", s.mature),
        ]
        .into_iter()
        .filter_map(|(name, c)| {
            c.map(|c| {
                (
                    name,
                    Split::new(c.buyback, c.stakers, c.insurance, c.discount),
                )
            })
        })
        .collect()
    }

    /// The `[discount_tiers]` table in the program's form (`None` with more than eight tiers).
    fn tiers(&self) -> Option<DiscountTiers> {
        let t = self.discount_tiers.as_ref()?;
        if t.tiers.len() > MAX_TIERS {
            return None;
        }
        let mut table = DiscountTiers {
            warmup_seconds: t.warmup_seconds,
            tiers: [RebateTier::default(); MAX_TIERS],
        };
        for (slot, [min_stake, rebate_bps]) in table.tiers.iter_mut().zip(&t.tiers) {
            *slot = RebateTier {
                min_stake: *min_stake,
                rebate_bps: *rebate_bps,
            };
        }
        Some(table)
    }

    fn rails(&self) -> Option<GuardRails> {
        self.guard_rails.map(rails_of)
    }
}

fn rails_of(r: RailsConfig) -> GuardRails {
    GuardRails {
        insurance_floor: r.insurance_floor,
        insurance_cap: r.insurance_cap,
        discount_cap: r.discount_cap,
        insurance_topup_max_bps: r.insurance_topup_max_bps,
    }
}

/// Power names as bits.
fn power_bits(names: &[String]) -> u32 {
    use fee_router::state::mint_powers::POWER_NAMES;
    names
        .iter()
        .filter_map(|n| POWER_NAMES.iter().find(|(_, name)| name == n))
        .fold(0, |acc, (bit, _)| acc | bit)
}

/// One step of a plan, with what it does in words.
pub struct Step {
    pub description: String,
    pub instruction: Instruction,
}

/// What the chain holds for the deployment: the router and the accounts of its capabilities if
/// it exists, and its mints' programs.
pub struct OnChain {
    pub router: Option<Router>,
    pub rebates: Option<Rebates>,
    pub insurance_fund: Option<InsuranceFund>,
    pub fee_token_program: Pubkey,
    pub protocol_token_program: Pubkey,
    /// The protocol mint's decimals (the default tiers are in whole tokens).
    pub protocol_decimals: u8,
    /// Each `[[fee_lines]]` entry's router, if it exists, and its fee mint's program.
    pub lines: Vec<LineOnChain>,
}

/// A fee line's router as the chain holds it.
pub struct LineOnChain {
    pub router: Option<Router>,
    pub fee_token_program: Pubkey,
}

/// The router address the config deploys to when `deployer` creates it.
pub fn router_address(config: &DeployConfig, deployer: &Pubkey) -> Pubkey {
    fee_router_sdk::pda::router(deployer, &config.fee_mint, &config.protocol_mint)
}

/// The instructions that take the chain from `chain` to `config`, signed by `deployer` (which
/// creates the router and holds authority until the final handover).
pub fn plan(config: &DeployConfig, chain: &OnChain, deployer: &Pubkey) -> Result<Vec<Step>> {
    let router = router_address(config, deployer);
    let mut steps = vec![];
    let current = match &chain.router {
        Some(r) => *r,
        None => {
            let init = ix::InitializeRouter {
                creator: *deployer,
                fee_mint: config.fee_mint,
                protocol_mint: config.protocol_mint,
                fee_token_program: chain.fee_token_program,
                protocol_token_program: chain.protocol_token_program,
                authority: *deployer,
                guardian: config.guardian.unwrap_or(*deployer),
                acknowledged_fee_mint_powers: config.acknowledged_fee_mint_powers(),
                shortfall_account: config.shortfall_account.unwrap_or_default(),
            };
            steps.push(Step {
                description: format!("initialize router {router}"),
                instruction: init.instruction(),
            });
            // What initialize_router leaves behind.
            let mut fresh = bytemuck::Zeroable::zeroed();
            let r: &mut Router = &mut fresh;
            r.authority = *deployer;
            r.guardian = init.guardian;
            r.splits = fee_router::state::DEFAULT_SPLITS;
            r.guard_rails = fee_router::state::DEFAULT_GUARD_RAILS;
            fresh
        }
    };
    let final_authority = config.authority.unwrap_or(*deployer);
    let settled = current.authority != *deployer;
    if settled {
        // The deployer no longer holds authority: nothing it can change but an open handover.
        if current.authority != final_authority {
            bail!(
                "router {router} is held by {}, not by this deployer or the configured authority",
                current.authority
            );
        }
        return Ok(steps);
    }
    for (name, split) in config.splits() {
        let stage = match name {
            "early" => Stage::Early,
            "growth" => Stage::Growth,
            _ => Stage::Mature,
        };
        if current.splits[stage.index()] != split {
            steps.push(Step {
                description: format!("set the {name} split to {:?}", split.bps()),
                instruction: ix::set_split(&router, deployer, stage, split),
            });
        }
    }
    if let Some(rails) = config.rails() {
        if current.guard_rails != rails {
            steps.push(Step {
                description: format!("set guard rails to {rails:?}"),
                instruction: ix::set_guard_rails(&router, deployer, rails),
            });
        }
    }
    if let Some(stage) = config.stage.map(Stage::from) {
        if current.stage().ok() != Some(stage) {
            steps.push(Step {
                description: format!("set stage {stage:?}"),
                instruction: ix::set_stage(&router, deployer, stage),
            });
        }
    }
    // A router created by this plan starts with the default tiers, no rebate authority and
    // the configured shortfall account.
    let (tiers, rebate_authority, shortfall) = match (&chain.rebates, &chain.insurance_fund) {
        (Some(r), Some(i)) => (r.tiers, r.authority, i.shortfall_account),
        _ => (
            DiscountTiers::defaults(chain.protocol_decimals),
            Pubkey::default(),
            config.shortfall_account.unwrap_or_default(),
        ),
    };
    if let Some(wanted) = config.tiers() {
        if wanted != tiers {
            steps.push(Step {
                description: format!(
                    "set the discount tiers ({} tiers, {} s warm-up)",
                    config.discount_tiers.as_ref().map_or(0, |t| t.tiers.len()),
                    wanted.warmup_seconds
                ),
                instruction: ix::set_discount_tiers(&router, deployer, wanted),
            });
        }
    }
    if let Some(wanted) = config.rebate_authority {
        if wanted != rebate_authority {
            steps.push(Step {
                description: format!("register {wanted} as the rebate authority"),
                instruction: ix::set_rebate_authority(&router, deployer, wanted),
            });
        }
    }
    if let Some(wanted) = config.shortfall_account {
        if wanted != shortfall {
            steps.push(Step {
                description: format!("register {wanted} as the shortfall account"),
                instruction: ix::set_shortfall_account(&router, deployer, wanted),
            });
        }
    }
    if let Some(guardian) = config.guardian {
        if chain.router.is_some() && current.guardian != guardian {
            steps.push(Step {
                description: format!("set guardian {guardian}"),
                instruction: ix::set_guardian(&router, deployer, guardian),
            });
        }
    }
    plan_lines(config, chain, deployer, &router, &mut steps)?;
    if final_authority != *deployer && current.pending_authority() != Some(final_authority) {
        steps.push(Step {
            description: format!("propose {final_authority} as authority (it must accept)"),
            instruction: ix::propose_authority(&router, deployer, final_authority),
        });
    }
    Ok(steps)
}

/// The steps that create each `[[fee_lines]]` router (if it does not exist), set its guard
/// rails, join it to the pool and hand it to the configured authority.
fn plan_lines(
    config: &DeployConfig,
    chain: &OnChain,
    deployer: &Pubkey,
    pool: &Pubkey,
    steps: &mut Vec<Step>,
) -> Result<()> {
    let final_authority = config.authority.unwrap_or(*deployer);
    for (l, on_chain) in config.fee_lines.iter().zip(&chain.lines) {
        let line = fee_router_sdk::pda::router(deployer, &l.fee_mint, &config.protocol_mint);
        let current = match &on_chain.router {
            Some(r) => *r,
            None => {
                let init = ix::InitializeRouter {
                    creator: *deployer,
                    fee_mint: l.fee_mint,
                    protocol_mint: config.protocol_mint,
                    fee_token_program: on_chain.fee_token_program,
                    protocol_token_program: chain.protocol_token_program,
                    authority: *deployer,
                    guardian: config.guardian.unwrap_or(*deployer),
                    acknowledged_fee_mint_powers: power_bits(&l.acknowledge_fee_mint_powers),
                    shortfall_account: Pubkey::default(),
                };
                steps.push(Step {
                    description: format!("initialize fee line {line} for {}", l.fee_mint),
                    instruction: init.instruction(),
                });
                let mut fresh: Router = bytemuck::Zeroable::zeroed();
                fresh.authority = *deployer;
                fresh.guard_rails = fee_router::state::DEFAULT_GUARD_RAILS;
                fresh
            }
        };
        if current.authority != *deployer {
            if current.authority != final_authority || current.pool != *pool {
                bail!(
                    "fee line {line} is held by {}, not by this deployer or the configured authority",
                    current.authority
                );
            }
            continue;
        }
        if let Some(rails) = l.guard_rails.map(rails_of) {
            if current.guard_rails != rails {
                steps.push(Step {
                    description: format!("set the guard rails of fee line {line} to {rails:?}"),
                    instruction: ix::set_guard_rails(&line, deployer, rails),
                });
            }
        }
        if current.pool != *pool {
            if current.is_line() {
                bail!(
                    "router {line} is a fee line of another pool, {}",
                    current.pool
                );
            }
            steps.push(Step {
                description: format!("add {line} to the stake pool {pool} as a fee line"),
                instruction: ix::add_fee_line(pool, &line, deployer, deployer),
            });
        }
        if final_authority != *deployer && current.pending_authority() != Some(final_authority) {
            steps.push(Step {
                description: format!("propose {final_authority} as authority of fee line {line}"),
                instruction: ix::propose_authority(&line, deployer, final_authority),
            });
        }
    }
    Ok(())
}
