//! The status report of a router: what `fee-router show` prints, as a table or JSON.
use anchor_lang::prelude::Pubkey;
use fee_router::math::split::BUCKET_NAMES;
use fee_router::state::pause::{
    PAUSE_BUYBACK, PAUSE_DEPOSIT, PAUSE_DISTRIBUTE, PAUSE_REBATE, PAUSE_STAKE,
};
use fee_router::state::{Router, Stage};
use serde::Serialize;

use crate::commands::intake::simulate::stage_name;
use crate::units::{span, Units};

/// How a report prints: each mint's amounts and the cluster's clock.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub fee: Units,
    pub protocol: Units,
    /// The cluster's Unix time.
    pub now: i64,
}

impl Reading {
    /// A yield cap in fee tokens per protocol token a year (scaled, in base units, when the
    /// amounts print in base units).
    pub fn yield_cap(&self, scaled: u64) -> String {
        match (self.fee.decimals, self.protocol.decimals) {
            (Some(f), Some(p)) => {
                let cap = crate::apr::Yield {
                    scaled: u128::from(scaled),
                    capped: false,
                    active: 0,
                };
                format!("{} fee tokens per protocol token a year", cap.tokens(f, p))
            }
            _ => format!("{scaled} (fee base units per protocol base unit a year, x1e-12)"),
        }
    }
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct SplitRow {
    pub stage: &'static str,
    pub buyback_bps: u16,
    pub stakers_bps: u16,
    pub insurance_bps: u16,
    pub discount_bps: u16,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Balances {
    pub intake: u64,
    pub buyback: u64,
    pub stakers: u64,
    pub insurance: u64,
    pub discount: u64,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Rails {
    pub insurance_floor: u64,
    pub insurance_cap: u64,
    pub discount_cap: u64,
    pub insurance_topup_max_bps: u64,
}

/// Totals as decimal strings: they are u128 and JSON numbers lose precision past 2^53.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Totals {
    pub deposited: String,
    pub deposit_withheld: String,
    pub unattributed: String,
    pub distributed: String,
    pub routed_buyback: String,
    pub routed_stakers: String,
    pub routed_insurance: String,
    pub routed_discount: String,
    pub routed_withheld: String,
    pub pending_attributed: u64,
}

/// An authority the router trusts: a key with a power over one of its mints.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct TrustedAuthority {
    /// `fee` or `protocol`.
    pub mint: &'static str,
    /// What the key can do: `freeze`, `transfer-fee-config`, `withheld-withdraw`, or an
    /// acknowledged issuer power (`permanent-delegate`, `pausable`, ...).
    pub role: &'static str,
    pub key: String,
}

/// The authorities a mint account gives its holders' counterparties: its freeze authority,
/// Token-2022 transfer-fee authorities, and the keys behind issuer powers.
pub fn trusted_authorities(
    which: &'static str,
    owner: &Pubkey,
    data: &[u8],
) -> Vec<TrustedAuthority> {
    use anchor_spl::token_2022::spl_token_2022::extension::{
        mint_close_authority::MintCloseAuthority, pausable::PausableConfig,
        permanent_delegate::PermanentDelegate, permissioned_burn::PermissionedBurnConfig,
        transfer_fee::TransferFeeConfig, transfer_hook::TransferHook, BaseStateWithExtensions,
        StateWithExtensions,
    };
    use anchor_spl::token_2022::spl_token_2022::state::Mint;
    let Ok(state) = StateWithExtensions::<Mint>::unpack(data) else {
        return vec![];
    };
    let mut out = vec![];
    let mut add = |role: &'static str, key: Option<Pubkey>| {
        if let Some(key) = key {
            out.push(TrustedAuthority {
                mint: which,
                role,
                key: key.to_string(),
            });
        }
    };
    add(
        "freeze",
        Option::<Pubkey>::from(state.base.freeze_authority),
    );
    if *owner == anchor_spl::token_2022::ID {
        if let Ok(e) = state.get_extension::<TransferFeeConfig>() {
            add(
                "transfer-fee-config",
                Option::<Pubkey>::from(e.transfer_fee_config_authority),
            );
            add(
                "withheld-withdraw",
                Option::<Pubkey>::from(e.withdraw_withheld_authority),
            );
        }
        if let Ok(e) = state.get_extension::<PermanentDelegate>() {
            add("permanent-delegate", Option::<Pubkey>::from(e.delegate));
        }
        if let Ok(e) = state.get_extension::<TransferHook>() {
            add("transfer-hook", Option::<Pubkey>::from(e.authority));
        }
        if let Ok(e) = state.get_extension::<PausableConfig>() {
            add("pausable", Option::<Pubkey>::from(e.authority));
        }
        if let Ok(e) = state.get_extension::<MintCloseAuthority>() {
            add("close-authority", Option::<Pubkey>::from(e.close_authority));
        }
        if let Ok(e) = state.get_extension::<PermissionedBurnConfig>() {
            add("permissioned-burn", Option::<Pubkey>::from(e.authority));
        }
    }
    out
}

/// The router's governance: who decides, and by which rules.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct GovernanceReport {
    pub address: String,
    /// `governance` when executed proposals decide; `external` when the authority key does.
    pub mode: &'static str,
    pub config_version: u64,
    pub proposal_count: u64,
    /// Trailing 30-day fees each stage requires (Early, Growth, Mature); 0 is no gate.
    pub stage_gates: [u64; 3],
    pub voting_period_seconds: u64,
    pub timelock_seconds: u64,
    pub grace_seconds: u64,
    pub quorum_bps: u64,
    pub approval_bps: u64,
    pub min_stake_to_propose: u64,
}

impl GovernanceReport {
    pub fn new(address: &Pubkey, router: &Router, g: &fee_router::state::Governance) -> Self {
        let p = &g.params;
        Self {
            address: address.to_string(),
            mode: if router.authority == *address {
                "governance"
            } else {
                "external"
            },
            config_version: g.config_version,
            proposal_count: g.proposal_count,
            stage_gates: g.stage_gates,
            voting_period_seconds: p.voting_period_seconds,
            timelock_seconds: p.timelock_seconds,
            grace_seconds: p.grace_seconds,
            quorum_bps: p.quorum_bps,
            approval_bps: p.approval_bps,
            min_stake_to_propose: p.min_stake_to_propose,
        }
    }
}

/// The stake pool and the reward stream.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct StakingReport {
    pub total_active: u64,
    pub total_cooling: u64,
    pub stream_remaining: u64,
    pub stream_end: i64,
    /// Released while nothing was staked or above the yield cap; goes to buyback next.
    pub stranded: u64,
    pub cooldown_seconds: u64,
    pub stream_period_seconds: u64,
    /// `null` when there is no cap.
    pub yield_cap_scaled: Option<u64>,
    pub credited: String,
    pub claimed: String,
    pub swept_to_buyback: String,
}

/// The router's vault addresses.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct VaultAddresses {
    pub intake: String,
    pub buyback: String,
    pub stakers: String,
    pub insurance: String,
    pub discount: String,
    pub stake: String,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct RouterReport {
    pub router: String,
    pub stage: &'static str,
    pub authority: String,
    pub pending_authority: Option<String>,
    pub guardian: String,
    pub fee_mint: String,
    pub protocol_mint: String,
    pub paused: Vec<&'static str>,
    pub splits: Vec<SplitRow>,
    pub guard_rails: Rails,
    pub balances: Balances,
    pub vaults: VaultAddresses,
    pub totals: Totals,
    pub trailing_30d_fees: String,
    pub staking: StakingReport,
    /// Issuer powers of the fee mint the creator acknowledged at creation.
    pub fee_mint_powers: Vec<&'static str>,
    /// Every key with a power over the router's mints.
    pub trusted_authorities: Vec<TrustedAuthority>,
    /// Its governance, when read.
    pub governance: Option<GovernanceReport>,
    /// What left the vaults for outside the router, when read.
    pub outflows: Option<Outflows>,
    /// The router's markets with their totals, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markets: Option<Vec<crate::commands::market::markets::MarketReport>>,
    /// The stake pool and its fee lines (absent for a router alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_lines: Option<FeeLines>,
}

/// A stake pool's fee lines, as `show` prints them: the pool, this router's slot and every
/// line (the pool's own at slot 0). A line's stage and split are its pool's.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct FeeLines {
    pub pool: String,
    pub slot: u8,
    pub lines: Vec<FeeLineEntry>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct FeeLineEntry {
    pub slot: u8,
    pub router: String,
    pub fee_mint: String,
}

/// What left the router's vaults for outside it: the terms of the conservation equation
/// beside the vaults themselves and what stakers claimed, and where rebates and payouts go.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Outflows {
    /// The key that reports traders' fees (`none` when none is registered).
    pub rebate_authority: String,
    pub rebates_paid: String,
    pub rebates_unpaid: String,
    /// The exchange's shortfall account (`none` when none is registered).
    pub shortfall_account: String,
    pub insurance_paid_out: String,
    pub auction_fee_sold: String,
    pub protocol_burned: String,
}

impl Outflows {
    pub fn new(
        rebates: &fee_router::state::Rebates,
        fund: &fee_router::state::InsuranceFund,
        auction: &fee_router::state::Auction,
    ) -> Self {
        let key = |k: Option<Pubkey>| k.map_or_else(|| "none".to_string(), |k| k.to_string());
        Self {
            rebate_authority: key(rebates.authority()),
            rebates_paid: rebates.totals.paid.get().to_string(),
            rebates_unpaid: rebates.totals.unpaid().to_string(),
            shortfall_account: key(fund.shortfall_account()),
            insurance_paid_out: fund.totals.paid_out.get().to_string(),
            auction_fee_sold: auction.totals.fee_sold.get().to_string(),
            protocol_burned: auction.totals.burned.get().to_string(),
        }
    }
}

impl RouterReport {
    /// Builds the report from the router's state, its vaults' balances (intake, buyback,
    /// stakers, insurance, discount) and the cluster's Unix time.
    pub fn new(
        address: &Pubkey,
        r: &Router,
        balances: [u64; 5],
        now: i64,
        trusted_authorities: Vec<TrustedAuthority>,
        governance: Option<GovernanceReport>,
    ) -> anyhow::Result<Self> {
        let stage = r.stage().map_err(|e| anyhow::anyhow!("{e}"))?;
        let t = &r.totals;
        let paused = [
            (PAUSE_DEPOSIT, "deposit"),
            (PAUSE_DISTRIBUTE, "distribute"),
            (PAUSE_STAKE, "stake"),
            (PAUSE_BUYBACK, "buyback"),
            (PAUSE_REBATE, "rebate"),
        ]
        .into_iter()
        .filter(|(bit, _)| r.paused & bit != 0)
        .map(|(_, name)| name)
        .collect();
        Ok(Self {
            router: address.to_string(),
            stage: stage_name(stage),
            authority: r.authority.to_string(),
            pending_authority: r.pending_authority().map(|k| k.to_string()),
            guardian: r.guardian.to_string(),
            fee_mint: r.fee_mint.to_string(),
            protocol_mint: r.protocol_mint.to_string(),
            paused,
            splits: Stage::ALL
                .iter()
                .map(|&s| {
                    let [buyback_bps, stakers_bps, insurance_bps, discount_bps] =
                        r.splits[s.index()].bps();
                    SplitRow {
                        stage: stage_name(s),
                        buyback_bps,
                        stakers_bps,
                        insurance_bps,
                        discount_bps,
                    }
                })
                .collect(),
            guard_rails: Rails {
                insurance_floor: r.guard_rails.insurance_floor,
                insurance_cap: r.guard_rails.insurance_cap,
                discount_cap: r.guard_rails.discount_cap,
                insurance_topup_max_bps: r.guard_rails.insurance_topup_max_bps,
            },
            vaults: VaultAddresses {
                intake: r.vaults.intake.to_string(),
                buyback: r.vaults.buyback.to_string(),
                stakers: r.vaults.stakers.to_string(),
                insurance: r.vaults.insurance.to_string(),
                discount: r.vaults.discount.to_string(),
                stake: r.vaults.stake.to_string(),
            },
            balances: Balances {
                intake: balances[0],
                buyback: balances[1],
                stakers: balances[2],
                insurance: balances[3],
                discount: balances[4],
            },
            totals: Totals {
                deposited: t.deposited.get().to_string(),
                deposit_withheld: t.deposit_withheld.get().to_string(),
                unattributed: t.unattributed.get().to_string(),
                distributed: t.distributed.get().to_string(),
                routed_buyback: t.routed[0].get().to_string(),
                routed_stakers: t.routed[1].get().to_string(),
                routed_insurance: t.routed[2].get().to_string(),
                routed_discount: t.routed[3].get().to_string(),
                routed_withheld: t.routed_withheld.get().to_string(),
                pending_attributed: t.pending_attributed,
            },
            trailing_30d_fees: r
                .trailing_fees(now)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .to_string(),
            staking: {
                let st = &r.staking;
                let p = &r.staking_params;
                StakingReport {
                    total_active: st.total_active,
                    total_cooling: st.total_cooling,
                    stream_remaining: st.stream_remaining,
                    stream_end: st.stream_end,
                    stranded: st.stranded_unstaked.saturating_add(st.stranded_capped),
                    cooldown_seconds: p.cooldown_seconds,
                    stream_period_seconds: p.stream_period_seconds,
                    yield_cap_scaled: (p.yield_cap_scaled != u64::MAX)
                        .then_some(p.yield_cap_scaled),
                    credited: st.credited.get().to_string(),
                    claimed: st.claimed.get().to_string(),
                    swept_to_buyback: (st.swept.get() + st.surplus_swept.get()).to_string(),
                }
            },
            fee_mint_powers: fee_router::state::mint_powers::power_names(r.fee_mint_powers),
            trusted_authorities,
            governance,
            outflows: None,
            markets: None,
            fee_lines: None,
        })
    }

    /// The report with its outflows.
    pub fn with_outflows(self, outflows: Outflows) -> Self {
        Self {
            outflows: Some(outflows),
            ..self
        }
    }

    pub fn with_markets(
        self,
        markets: Vec<crate::commands::market::markets::MarketReport>,
    ) -> Self {
        Self {
            markets: Some(markets),
            ..self
        }
    }

    /// The stake pool the router belongs to and every fee line of it, for a pool with lines
    /// or a line (absent for a router alone).
    pub fn with_fee_lines(self, fee_lines: Option<FeeLines>) -> Self {
        Self { fee_lines, ..self }
    }

    /// The report as a human reads it: amounts in each mint's tokens (or base units), times
    /// as UTC dates, `none` for a limit not set.
    pub fn table(&self, v: &Reading) -> String {
        let (fee, protocol) = (v.fee, v.protocol);
        let mut s = String::new();
        let mut line = |k: &str, v: &str| s.push_str(&format!("{k:<20} {v}\n"));
        line("Router", &self.router);
        if let Some(f) = &self.fee_lines {
            line(
                "Stake pool",
                &format!("{} (this router is line {})", f.pool, f.slot),
            );
            for l in &f.lines {
                line(
                    &format!("Fee line {}", l.slot),
                    &format!("{} ({})", l.router, l.fee_mint),
                );
            }
        }
        line("Stage", self.stage);
        line("Authority", &self.authority);
        line(
            "Pending authority",
            self.pending_authority.as_deref().unwrap_or("-"),
        );
        line("Guardian", &self.guardian);
        line("Fee mint", &self.fee_mint);
        line("Protocol mint", &self.protocol_mint);
        line(
            "Paused",
            &if self.paused.is_empty() {
                "-".into()
            } else {
                self.paused.join(", ")
            },
        );
        line(
            "Trailing 30d fees",
            &fee.show_total(&self.trailing_30d_fees),
        );
        let g = &self.guard_rails;
        line("Insurance floor", &fee.show(g.insurance_floor));
        line("Insurance cap", &fee.limit(g.insurance_cap));
        line("Top-up max", &format!("{} bps", g.insurance_topup_max_bps));
        line("Discount cap", &fee.limit(g.discount_cap));
        s.push_str(&format!("\n{:<8}", "split"));
        for name in BUCKET_NAMES {
            s.push_str(&format!("{name:>11}"));
        }
        s.push('\n');
        for row in &self.splits {
            let marker = if row.stage == self.stage { "*" } else { " " };
            s.push_str(&format!(
                "{:<8}{:>11}{:>11}{:>11}{:>11}\n",
                format!("{}{marker}", row.stage),
                row.buyback_bps,
                row.stakers_bps,
                row.insurance_bps,
                row.discount_bps
            ));
        }
        let b = &self.balances;
        let t = &self.totals;
        s.push_str(&format!(
            "\n{:<12}{:>24}{:>24}\n{:<12}{:>24}{:>24}\n{:<12}{:>24}{:>24}\n{:<12}{:>24}{:>24}\n{:<12}{:>24}{:>24}\n",
            "vault", "balance", "routed in",
            "intake", fee.show(b.intake), format!("pending {}", fee.show(t.pending_attributed)),
            "buyback", fee.show(b.buyback), fee.show_total(&t.routed_buyback),
            "stakers", fee.show(b.stakers), fee.show_total(&t.routed_stakers),
            "insurance", fee.show(b.insurance), fee.show_total(&t.routed_insurance),
        ));
        s.push_str(&format!(
            "{:<12}{:>24}{:>24}\n",
            "discount",
            fee.show(b.discount),
            fee.show_total(&t.routed_discount)
        ));
        s.push_str(&format!(
            "\ndeposited {} (withheld {}), unattributed {}, distributed {} (withheld {})\n",
            fee.show_total(&t.deposited),
            fee.show_total(&t.deposit_withheld),
            fee.show_total(&t.unattributed),
            fee.show_total(&t.distributed),
            fee.show_total(&t.routed_withheld)
        ));
        if let Some(o) = &self.outflows {
            s.push_str(&format!(
                "claimed by stakers {}; rebates paid {} (unpaid {}); insurance paid out {}; sold by the auction {} (protocol tokens burned {})\nrebate authority {}; shortfall account {}\n",
                fee.show_total(&self.staking.claimed),
                fee.show_total(&o.rebates_paid),
                fee.show_total(&o.rebates_unpaid),
                fee.show_total(&o.insurance_paid_out),
                fee.show_total(&o.auction_fee_sold),
                protocol.show_total(&o.protocol_burned),
                o.rebate_authority,
                o.shortfall_account
            ));
        }
        let k = &self.staking;
        let stream = if k.stream_remaining == 0 {
            "stream empty".to_string()
        } else {
            format!(
                "stream {} until {}",
                fee.show(k.stream_remaining),
                crate::units::when(k.stream_end, v.now)
            )
        };
        s.push_str(&format!(
            "staked {} active, {} cooling; {stream}; stranded {}; yield cap {}\n",
            protocol.show(k.total_active),
            protocol.show(k.total_cooling),
            fee.show(k.stranded),
            k.yield_cap_scaled
                .map_or("none".to_string(), |c| v.yield_cap(c))
        ));
        s.push_str(&format!(
            "\nfee mint issuer powers acknowledged: {}\n",
            if self.fee_mint_powers.is_empty() {
                "none".to_string()
            } else {
                self.fee_mint_powers.join(", ")
            }
        ));
        if let Some(g) = &self.governance {
            s.push_str(&format!(
                "\ngovernance {} ({}): config version {}, {} proposals; vote {}, timelock {}, grace {}, quorum {} bps, approval above {} bps, {} to propose; stage gates {}\n",
                g.address,
                g.mode,
                g.config_version,
                g.proposal_count,
                span(g.voting_period_seconds),
                span(g.timelock_seconds),
                span(g.grace_seconds),
                g.quorum_bps,
                g.approval_bps,
                protocol.show(g.min_stake_to_propose),
                g.stage_gates.map(|x| fee.show(x)).join(" / ")
            ));
        }
        if self.trusted_authorities.is_empty() {
            s.push_str("trusted authorities: none\n");
        } else {
            s.push_str("trusted authorities:\n");
            for a in &self.trusted_authorities {
                s.push_str(&format!("  {:<9} {:<20} {}\n", a.mint, a.role, a.key));
            }
        }
        if let Some(markets) = &self.markets {
            s.push_str(&format!("markets: {}\n", markets.len()));
            s.push_str(&crate::commands::market::markets::lines(markets, &fee));
        }
        s
    }
}
