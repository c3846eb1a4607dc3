//! One subcommand per file.
use anyhow::Result;
use clap::Subcommand;

use crate::config::GlobalArgs;

pub mod accept_authority;
pub mod auction;
pub mod cancel_authority_transfer;
pub mod claim;
pub mod confirm;
pub mod crank;
pub mod deposit;
pub mod discount;
pub mod distribute;
pub mod governance;
pub mod init;
pub mod insurance;
pub mod migrate;
pub mod pause;
pub mod position;
pub mod propose_authority;
pub mod set_governance_params;
pub mod set_guard_rails;
pub mod set_guardian;
pub mod set_split;
pub mod set_stage;
pub mod set_stage_gates;
pub mod set_staking_params;
pub mod show;
pub mod simulate;
pub mod stake;
pub mod submit;
pub mod sweep;
pub mod unstake;
pub mod withdraw;

#[derive(Subcommand)]
pub enum Command {
    /// Project a month of fees through each stage's split, offline, with the program's own math.
    Simulate(simulate::Args),
    /// Create a router and its vaults for a fee mint and a protocol mint.
    Init(init::Args),
    /// Bring a router to what a deploy config describes (idempotent).
    Migrate(migrate::Args),
    /// Pay fees into a router's intake.
    Deposit(deposit::Args),
    /// Sweep the intake into the four vaults (anyone may crank it).
    Distribute(distribute::Args),
    /// Print a router's stage, split table, vault balances, guard rails, totals and fee history.
    Show(show::Args),
    /// Authority: move the router to another stage.
    SetStage(set_stage::Args),
    /// Authority: replace one stage's split.
    SetSplit(set_split::Args),
    /// Authority: change guard rails (only the values given).
    SetGuardRails(set_guard_rails::Args),
    /// Authority: name a new guardian.
    SetGuardian(set_guardian::Args),
    /// Authority: change staking parameters (only the values given).
    SetStakingParams(set_staking_params::Args),
    /// Authority: change the governance's voting rules (only the values given).
    SetGovernanceParams(set_governance_params::Args),
    /// Authority: set the stage gates (trailing 30-day fees each stage requires).
    SetStageGates(set_stage_gates::Args),
    /// Anyone: hand the router to its governance, once the authority proposed it.
    AcceptGovernanceAuthority(governance::RouterOnly),
    /// Propose a governed action (needs stake that was active before now).
    Propose(governance::ProposeArgs),
    /// Vote on a proposal with the stake that was active before it was created.
    Vote(governance::VoteArgs),
    /// After voting ends: record the outcome.
    Finalize(governance::ProposalRef),
    /// After the timelock: apply a passed proposal.
    Execute(governance::ProposalRef),
    /// Guardian: veto a passed proposal during its timelock.
    Veto(governance::ProposalRef),
    /// The proposer withdraws a proposal before any vote.
    CancelProposal(governance::ProposalRef),
    /// List the router's proposals: state, tallies, deadlines, time left.
    Proposals(governance::RouterOnly),
    /// One proposal in full.
    Proposal(governance::ShowProposal),
    /// Authority: propose a new authority.
    ProposeAuthority(propose_authority::Args),
    /// The proposed authority accepts.
    AcceptAuthority(accept_authority::Args),
    /// Authority: withdraw a pending authority proposal.
    CancelAuthorityTransfer(cancel_authority_transfer::Args),
    /// Anyone: send the stakers vault's surplus (donations, rounding dust) to buyback.
    SweepRewardsSurplus(sweep::Args),
    /// Anyone: burn the stake vault's surplus (protocol tokens above all stake).
    SweepStakeSurplus(sweep::Args),
    /// Stake protocol tokens.
    Stake(stake::Args),
    /// Start the cooldown of part of your active stake.
    Unstake(unstake::Args),
    /// Withdraw unstaked principal once its cooldown is over.
    Withdraw(withdraw::Args),
    /// Claim earned rewards.
    Claim(claim::Args),
    /// Show a stake position: active, cooling with unlock time, claimable rewards.
    Position(position::Args),
    /// The buyback auction: epoch, price now, lot and caps left, when the price reaches the floor.
    Auction(auction::ShowArgs),
    /// Buy fee tokens from the buyback auction (the payment is burned or sent to the treasury).
    Buy(auction::BuyArgs),
    /// Authority: change the buyback auction's parameters (only the values given).
    SetAuctionParams(auction::SetParamsArgs),
    /// The discount tiers, the rebate authority and the rebates paid so far.
    Tiers(discount::TiersArgs),
    /// Rebate authority (a key): report a trader's fee; the router pays their tiered rebate.
    Rebate(discount::RebateArgs),
    /// Authority: replace the discount tiers or their warm-up.
    SetDiscountTiers(discount::SetTiersArgs),
    /// Authority: register the exchange's rebate authority (a key or its program's PDA).
    SetRebateAuthority(discount::SetRebateAuthorityArgs),
    /// Authority: change the bounds on what rebate reports pay out (only the values given).
    SetRebateLimits(discount::SetRebateLimitsArgs),
    /// The insurance fund: balance, floor and cap, payout limit, allowance left, payouts.
    Insurance(insurance::ShowArgs),
    /// Authority: pay the registered shortfall account from the insurance fund.
    PayInsurance(insurance::PayArgs),
    /// Authority: change the insurance payout limits (only the values given).
    SetInsuranceParams(insurance::SetParamsArgs),
    /// Authority: register the exchange's shortfall account.
    SetShortfallAccount(insurance::SetShortfallArgs),
    /// Sign and send the instructions `--unsigned` printed.
    Submit(submit::Args),
    /// What became of a transaction, by its signature (after a lost confirmation, exit 3).
    Confirm(confirm::Args),
    /// Keeper: distribute when the intake holds enough, sweep the stakers vault's surplus.
    Crank(crank::Args),
    /// Guardian or authority: pause operations.
    Pause(pause::Args),
    /// Guardian or authority: unpause operations.
    Unpause(pause::Args),
}

pub fn run(command: Command, global: &GlobalArgs) -> Result<()> {
    match command {
        Command::Simulate(a) => simulate::run(a, global),
        Command::Init(a) => init::run(a, global),
        Command::Migrate(a) => migrate::run(a, global),
        Command::Deposit(a) => deposit::run(a, global),
        Command::Distribute(a) => distribute::run(a, global),
        Command::Show(a) => show::run(a, global),
        Command::SetStage(a) => set_stage::run(a, global),
        Command::SetSplit(a) => set_split::run(a, global),
        Command::SetGuardRails(a) => set_guard_rails::run(a, global),
        Command::SetGuardian(a) => set_guardian::run(a, global),
        Command::SetStakingParams(a) => set_staking_params::run(a, global),
        Command::SetGovernanceParams(a) => set_governance_params::run(a, global),
        Command::SetStageGates(a) => set_stage_gates::run(a, global),
        Command::AcceptGovernanceAuthority(a) => governance::accept_governance_authority(a, global),
        Command::Propose(a) => governance::propose(a, global),
        Command::Vote(a) => governance::vote(a, global),
        Command::Finalize(a) => governance::finalize(a, global),
        Command::Execute(a) => governance::execute(a, global),
        Command::Veto(a) => governance::veto(a, global),
        Command::CancelProposal(a) => governance::cancel(a, global),
        Command::Proposals(a) => governance::list(a, global),
        Command::Proposal(a) => governance::show(a, global),
        Command::Submit(a) => submit::run(a, global),
        Command::Auction(a) => auction::show(a, global),
        Command::Buy(a) => auction::buy(a, global),
        Command::SetAuctionParams(a) => auction::set_params(a, global),
        Command::Crank(a) => crank::run(a, global),
        Command::Confirm(a) => confirm::run(a, global),
        Command::Tiers(a) => discount::tiers(a, global),
        Command::Rebate(a) => discount::rebate(a, global),
        Command::SetDiscountTiers(a) => discount::set_tiers(a, global),
        Command::SetRebateAuthority(a) => discount::set_rebate_authority(a, global),
        Command::SetRebateLimits(a) => discount::set_rebate_limits(a, global),
        Command::Insurance(a) => insurance::show(a, global),
        Command::PayInsurance(a) => insurance::pay(a, global),
        Command::SetInsuranceParams(a) => insurance::set_params(a, global),
        Command::SetShortfallAccount(a) => insurance::set_shortfall(a, global),
        Command::ProposeAuthority(a) => propose_authority::run(a, global),
        Command::AcceptAuthority(a) => accept_authority::run(a, global),
        Command::CancelAuthorityTransfer(a) => cancel_authority_transfer::run(a, global),
        Command::SweepRewardsSurplus(a) => sweep::run(a, global, sweep::Vault::Rewards),
        Command::SweepStakeSurplus(a) => sweep::run(a, global, sweep::Vault::Stake),
        Command::Stake(a) => stake::run(a, global),
        Command::Unstake(a) => unstake::run(a, global),
        Command::Withdraw(a) => withdraw::run(a, global),
        Command::Claim(a) => claim::run(a, global),
        Command::Position(a) => position::run(a, global),
        Command::Pause(a) => pause::run(a, global, true),
        Command::Unpause(a) => pause::run(a, global, false),
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
