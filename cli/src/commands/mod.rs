//! The subcommands, grouped by capability (the program's names): one folder per capability,
//! one subcommand per file. A governed action's arguments are parsed by one type, in its
//! setter's file (`intake::set_split::Action`, ...), which both the setter command and
//! `propose` use; the setter sends it through `ix::apply_as_authority`.
use anyhow::Result;
use clap::Subcommand;

use crate::config::GlobalArgs;

pub mod authority;
pub mod buyback;
pub mod discount;
pub mod governance;
pub mod insurance;
pub mod intake;
pub mod market;
pub mod router;
pub mod staking;

// Not of one capability: sending what `--unsigned` printed, and checking a sent transaction.
pub mod confirm;
pub mod submit;

/// `fee_router_cli::commands::auction` as it was before the commands were grouped.
pub use buyback::auction;

#[derive(Subcommand)]
pub enum Command {
    /// Project a month of fees through each stage's split, offline, with the program's own math.
    Simulate(Box<intake::simulate::Args>),
    /// Create a router and its vaults for a fee mint and a protocol mint.
    Init(router::init::Args),
    /// Bring a router to what a deploy config describes (idempotent).
    Migrate(router::migrate::Args),
    /// Authorities: a fresh router of the pool's creator and protocol mint joins the stake
    /// pool as a fee line (its stakers earn in it without re-staking).
    AddFeeLine(router::add_fee_line::Args),
    /// Pay fees into a router's intake.
    Deposit(intake::deposit::Args),
    /// Sweep the intake into the four vaults (anyone may crank it).
    Distribute(intake::distribute::Args),
    /// Authority: approve the market authority whose fee account may be opened next.
    ApproveMarket(market::approve_market::Args),
    /// Anyone: open the approved market authority's fee account.
    OpenMarket(market::open_market::Args),
    /// Anyone: bring a market's fees into the intake and top its discount allowance up.
    SweepMarket(market::sweep_market::Args),
    /// A router's markets: fees charged, discounts, sweeps, allowance.
    Markets(market::markets::Args),
    /// Authority: the most a market's discount allowance is topped up to.
    SetMarketAllowanceCap(market::set_market_allowance_cap::Args),
    /// Print a router's stage, split table, vault balances, guard rails, totals and fee history.
    Show(router::show::Args),
    /// Authority: move the router to another stage.
    SetStage(intake::set_stage::Args),
    /// Authority: replace one stage's split.
    SetSplit(intake::set_split::Args),
    /// Authority: change guard rails (only the values given).
    SetGuardRails(intake::set_guard_rails::Args),
    /// Authority: name a new guardian.
    SetGuardian(authority::set_guardian::Args),
    /// Authority: change staking parameters (only the values given).
    SetStakingParams(staking::set_staking_params::Args),
    /// Authority: change the governance's voting rules (only the values given).
    SetGovernanceParams(governance::set_governance_params::Args),
    /// Authority: set the stage gates (trailing 30-day fees each stage requires).
    SetStageGates(governance::set_stage_gates::Args),
    /// Anyone: hand the router to its governance, once the authority proposed it.
    AcceptGovernanceAuthority(authority::accept_governance_authority::Args),
    /// Propose a governed action (needs stake that was active before now).
    Propose(governance::propose::Args),
    /// Vote on a proposal with the stake that was active before it was created.
    Vote(governance::vote::Args),
    /// After voting ends: record the outcome.
    Finalize(governance::ProposalRef),
    /// After the timelock: apply a passed proposal.
    Execute(governance::ProposalRef),
    /// Guardian: veto a passed proposal during its timelock.
    Veto(governance::ProposalRef),
    /// The proposer withdraws a proposal before any vote.
    CancelProposal(governance::ProposalRef),
    /// List the router's proposals: state, tallies, deadlines, time left.
    Proposals(governance::proposals::Args),
    /// One proposal in full.
    Proposal(governance::proposal::Args),
    /// Authority: propose a new authority.
    ProposeAuthority(authority::propose_authority::Args),
    /// The proposed authority accepts.
    AcceptAuthority(authority::accept_authority::Args),
    /// Authority: withdraw a pending authority proposal.
    CancelAuthorityTransfer(authority::cancel_authority_transfer::Args),
    /// Anyone: send the stakers vault's surplus (donations, rounding dust) to buyback.
    SweepRewardsSurplus(staking::sweep::Args),
    /// Anyone: burn the stake vault's surplus (protocol tokens above all stake).
    SweepStakeSurplus(staking::sweep::Args),
    /// Stake protocol tokens.
    Stake(staking::stake::Args),
    /// Start the cooldown of part of your active stake.
    Unstake(staking::unstake::Args),
    /// Take your pending unstake request back into active stake (it votes again on later proposals).
    CancelUnstake(staking::cancel_unstake::Args),
    /// Withdraw unstaked principal once its cooldown is over.
    Withdraw(staking::withdraw::Args),
    /// Claim earned rewards.
    Claim(staking::claim::Args),
    /// Anyone: grow a stake position created before fee lines to the current layout.
    UpgradePosition(staking::upgrade_position::Args),
    /// Show a stake position: active, cooling with unlock time, claimable rewards.
    Position(staking::position::Args),
    /// The buyback auction: epoch, price now, lot and caps left, when the price reaches the floor.
    Auction(buyback::auction::Args),
    /// Buy fee tokens from the buyback auction (the payment is burned or sent to the treasury).
    Buy(buyback::buy::Args),
    /// Authority: change the buyback auction's parameters (only the values given).
    SetAuctionParams(buyback::set_auction_params::Args),
    /// The discount tiers, the rebate authority and the rebates paid so far.
    Tiers(discount::tiers::Args),
    /// A trader's tier and discount now, and when its stake's warm-up ends.
    Tier(discount::tier::Args),
    /// Rebate authority (a key): report a trader's fee; the router pays their tiered rebate.
    Rebate(discount::rebate::Args),
    /// Authority: replace the discount tiers or their warm-up.
    SetDiscountTiers(discount::set_discount_tiers::Args),
    /// Authority: register the exchange's rebate authority (a key or its program's PDA).
    SetRebateAuthority(discount::set_rebate_authority::Args),
    /// Authority: change the bounds on what rebate reports pay out (only the values given).
    SetRebateLimits(discount::set_rebate_limits::Args),
    /// The insurance fund: balance, floor and cap, payout limit, allowance left, payouts.
    Insurance(insurance::show::Args),
    /// Authority: pay the registered shortfall account from the insurance fund.
    PayInsurance(insurance::pay_insurance::Args),
    /// Authority: change the insurance payout limits (only the values given).
    SetInsuranceParams(insurance::set_insurance_params::Args),
    /// Authority: register the exchange's shortfall account.
    SetShortfallAccount(insurance::set_shortfall_account::Args),
    /// Sign and send the instructions `--unsigned` printed.
    Submit(submit::Args),
    /// What became of a transaction, by its signature (after a lost confirmation, exit 3).
    Confirm(confirm::Args),
    /// Keeper: distribute when the intake holds enough, sweep the stakers vault's surplus.
    Crank(intake::crank::Args),
    /// Guardian or authority: pause operations.
    Pause(authority::pause::Args),
    /// Guardian or authority: unpause operations.
    Unpause(authority::pause::Args),
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Simulate(a) => intake::simulate::run(*a, global),
        Command::Init(a) => router::init::run(a, global),
        Command::AddFeeLine(a) => router::add_fee_line::run(a, global),
        Command::Migrate(a) => router::migrate::run(a, global),
        Command::Deposit(a) => intake::deposit::run(a, global),
        Command::Distribute(a) => intake::distribute::run(a, global),
        Command::Show(a) => router::show::run(a, global),
        Command::SetStage(a) => intake::set_stage::run(a, global),
        Command::SetSplit(a) => intake::set_split::run(a, global),
        Command::SetGuardRails(a) => intake::set_guard_rails::run(a, global),
        Command::SetGuardian(a) => authority::set_guardian::run(a, global),
        Command::ApproveMarket(a) => market::approve_market::run(a, global),
        Command::OpenMarket(a) => market::open_market::run(a, global),
        Command::SweepMarket(a) => market::sweep_market::run(a, global),
        Command::Markets(a) => market::markets::run(a, global),
        Command::SetMarketAllowanceCap(a) => market::set_market_allowance_cap::run(a, global),
        Command::SetStakingParams(a) => staking::set_staking_params::run(a, global),
        Command::SetGovernanceParams(a) => governance::set_governance_params::run(a, global),
        Command::SetStageGates(a) => governance::set_stage_gates::run(a, global),
        Command::AcceptGovernanceAuthority(a) => {
            authority::accept_governance_authority::run(a, global)
        }
        Command::Propose(a) => governance::propose::run(a, global),
        Command::Vote(a) => governance::vote::run(a, global),
        Command::Finalize(a) => governance::finalize::run(a, global),
        Command::Execute(a) => governance::execute::run(a, global),
        Command::Veto(a) => governance::veto::run(a, global),
        Command::CancelProposal(a) => governance::cancel_proposal::run(a, global),
        Command::Proposals(a) => governance::proposals::run(a, global),
        Command::Proposal(a) => governance::proposal::run(a, global),
        Command::Submit(a) => submit::run(a, global),
        Command::Auction(a) => buyback::auction::run(a, global),
        Command::Buy(a) => buyback::buy::run(a, global),
        Command::SetAuctionParams(a) => buyback::set_auction_params::run(a, global),
        Command::Crank(a) => intake::crank::run(a, global),
        Command::Confirm(a) => confirm::run(a, global),
        Command::Tiers(a) => discount::tiers::run(a, global),
        Command::Tier(a) => discount::tier::run(a, global),
        Command::Rebate(a) => discount::rebate::run(a, global),
        Command::SetDiscountTiers(a) => discount::set_discount_tiers::run(a, global),
        Command::SetRebateAuthority(a) => discount::set_rebate_authority::run(a, global),
        Command::SetRebateLimits(a) => discount::set_rebate_limits::run(a, global),
        Command::Insurance(a) => insurance::show::run(a, global),
        Command::PayInsurance(a) => insurance::pay_insurance::run(a, global),
        Command::SetInsuranceParams(a) => insurance::set_insurance_params::run(a, global),
        Command::SetShortfallAccount(a) => insurance::set_shortfall_account::run(a, global),
        Command::ProposeAuthority(a) => authority::propose_authority::run(a, global),
        Command::AcceptAuthority(a) => authority::accept_authority::run(a, global),
        Command::CancelAuthorityTransfer(a) => authority::cancel_authority_transfer::run(a, global),
        Command::SweepRewardsSurplus(a) => {
            staking::sweep::run(a, global, staking::sweep::Vault::Rewards)
        }
        Command::SweepStakeSurplus(a) => {
            staking::sweep::run(a, global, staking::sweep::Vault::Stake)
        }
        Command::Stake(a) => staking::stake::run(a, global),
        Command::Unstake(a) => staking::unstake::run(a, global),
        Command::CancelUnstake(a) => staking::cancel_unstake::run(a, global),
        Command::Withdraw(a) => staking::withdraw::run(a, global),
        Command::Claim(a) => staking::claim::run(a, global),
        Command::UpgradePosition(a) => staking::upgrade_position::run(a, global),
        Command::Position(a) => staking::position::run(a, global),
        Command::Pause(a) => authority::pause::run(a, global, true),
        Command::Unpause(a) => authority::pause::run(a, global, false),
    }
}

/// A stage on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum StageArg {
    Early,
    Growth,
    Mature,
}

impl From<StageArg> for fee_router::state::Stage {
    fn from(s: StageArg) -> Self {
        match s {
            StageArg::Early => Self::Early,
            StageArg::Growth => Self::Growth,
            StageArg::Mature => Self::Mature,
        }
    }
}

/// An issuer power of a mint, on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum PowerArg {
    PermanentDelegate,
    TransferHook,
    Pausable,
    DefaultFrozen,
    CloseAuthority,
    PermissionedBurn,
}

impl PowerArg {
    pub fn bit(self) -> u32 {
        use fee_router::state::mint_powers::*;
        match self {
            PowerArg::PermanentDelegate => POWER_PERMANENT_DELEGATE,
            PowerArg::TransferHook => POWER_TRANSFER_HOOK,
            PowerArg::Pausable => POWER_PAUSABLE,
            PowerArg::DefaultFrozen => POWER_DEFAULT_FROZEN,
            PowerArg::CloseAuthority => POWER_CLOSE_AUTHORITY,
            PowerArg::PermissionedBurn => POWER_PERMISSIONED_BURN,
        }
    }
}
