//! `fee-router execute`.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::config::GovernedAction;
use fee_router_sdk::ix;
use solana_signer::Signer;

use super::{proposal, ProposalRef};
use crate::config::GlobalArgs;
use crate::context::Context;

pub fn run(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, p) = proposal(&ctx, &a.router, a.proposal)?;
    let executor = ctx.signer()?.pubkey();
    // A proposal for a fee line (`ForFeeLine` first) executes on that line.
    let target = GovernedAction::target_line(&p.actions).unwrap_or(a.router);
    let r = ctx.router(&target)?;
    let side = ix::FeeSide::of(target, &r);
    let payout = payout_destination(&ctx, &target, &p.actions)?;
    let ix = ix::execute_proposal_in_pool(
        &a.router,
        &address,
        &executor,
        payout.as_ref().map(|shortfall| (&side, shortfall)),
        &p.actions,
    );
    ctx.send(&[ix], &[])
}

/// Where a proposal's insurance payout goes, if it has one: the shortfall account it
/// registers before the payout, or else the one registered now.
fn payout_destination(
    ctx: &Context,
    router: &Pubkey,
    actions: &[GovernedAction],
) -> Result<Option<Pubkey>> {
    let mut registered = None;
    for action in actions {
        match action {
            GovernedAction::SetShortfallAccount { account } => registered = Some(*account),
            GovernedAction::InsurancePayout { .. } => {
                let account = match registered {
                    Some(a) => a,
                    None => crate::commands::insurance::fund(ctx, router)?
                        .shortfall_account()
                        .unwrap_or_default(),
                };
                return Ok(Some(account));
            }
            _ => {}
        }
    }
    Ok(None)
}
