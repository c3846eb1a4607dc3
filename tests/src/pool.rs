//! A stake pool with fee lines: a router (the pool) and routers of the same creator and
//! protocol mint, each with its own fee mint, joined to it with `add_fee_line`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::harness::{MintSpec, TestEnv, TxOutcome};
use crate::router::{RouterFixture, Staker};

/// A pool (line 0) and its other fee lines (slots 1..).
pub struct PoolFixture {
    pub pool: RouterFixture,
    pub lines: Vec<RouterFixture>,
}

impl RouterFixture {
    /// A router of this router's creator, authority, guardian and protocol mint for another
    /// fee mint, initialised, not yet a line of anything.
    pub async fn sibling(&self, env: &mut TestEnv, fee: MintSpec) -> RouterFixture {
        self.sibling_with(env, fee, self.authority.pubkey()).await
    }

    /// [`RouterFixture::sibling`] initialised with `authority` as its authority (a governance
    /// PDA, say; the fixture's `authority` keypair is then not the router's).
    pub async fn sibling_with(
        &self,
        env: &mut TestEnv,
        fee: MintSpec,
        authority: Pubkey,
    ) -> RouterFixture {
        let fee_mint = env.create_mint(fee).await;
        let f = RouterFixture {
            creator: self.creator.insecure_clone(),
            authority: self.authority.insecure_clone(),
            guardian: self.guardian.insecure_clone(),
            fee_mint,
            protocol_mint: self.protocol_mint,
            fee_token_program: fee.token_program,
            protocol_token_program: self.protocol_token_program,
            router: pda::router(&self.creator.pubkey(), &fee_mint, &self.protocol_mint),
        };
        let mut init = f.init_ix();
        init.authority = authority;
        env.send_ok(
            &[init.instruction()],
            &[&f.creator],
            "initialize the sibling",
        )
        .await;
        f
    }
}

impl PoolFixture {
    /// A pool whose own fee mint is `fee`, with one more line per entry of `lines`.
    pub async fn new(
        env: &mut TestEnv,
        fee: MintSpec,
        protocol: MintSpec,
        lines: &[MintSpec],
    ) -> Self {
        let pool = RouterFixture::new(env, fee, protocol).await;
        let mut out = PoolFixture {
            pool,
            lines: vec![],
        };
        for spec in lines {
            let line = out.pool.sibling(env, *spec).await;
            out.add(env, &line).await.expect_ok("add_fee_line");
            out.lines.push(line);
        }
        out
    }

    /// `add_fee_line` of `line`, signed by the pool's authority (which is the line's too).
    pub async fn add(&self, env: &mut TestEnv, line: &RouterFixture) -> TxOutcome {
        let a = &self.pool.authority;
        let ix = ix::add_fee_line(&self.pool.router, &line.router, &a.pubkey(), &a.pubkey());
        env.send(&[ix], &[a]).await
    }

    /// The other lines' addresses, in slot order.
    pub fn line_keys(&self) -> Vec<Pubkey> {
        self.lines.iter().map(|l| l.router).collect()
    }

    /// Every line, the pool's own first.
    pub fn all(&self) -> impl Iterator<Item = &RouterFixture> {
        std::iter::once(&self.pool).chain(self.lines.iter())
    }

    /// A staker of the pool with a fee-token account in every line's mint (`fee_tokens[i]`
    /// for slot `i`).
    pub async fn new_staker(&self, env: &mut TestEnv, amount: u64) -> (Staker, Vec<Pubkey>) {
        let s = self.pool.new_staker(env, amount).await;
        let mut fee_tokens = vec![s.fee_token];
        for l in &self.lines {
            fee_tokens.push(
                env.create_token_account(&l.fee_mint, &s.owner.pubkey())
                    .await,
            );
        }
        (s, fee_tokens)
    }

    /// `stake` in the pool with every line passed.
    pub async fn stake(&self, env: &mut TestEnv, s: &Staker, amount: u64) -> TxOutcome {
        let mut ixs = self.pool.stake_ixs(env, s, amount).await;
        let last = ixs.pop().expect("stake");
        ixs.push(ix::with_lines(last, &self.line_keys()));
        env.send(&ixs, &[&s.owner]).await
    }

    pub fn request_unstake_ix(&self, owner: &Pubkey, amount: u64) -> Instruction {
        ix::with_lines(
            ix::request_unstake(&self.pool.router, owner, amount),
            &self.line_keys(),
        )
    }

    pub fn cancel_unstake_ix(&self, owner: &Pubkey) -> Instruction {
        ix::with_lines(
            ix::cancel_unstake(&self.pool.router, owner),
            &self.line_keys(),
        )
    }

    /// `distribute` of the line at `slot` (the pool's own at 0).
    pub fn distribute_ix(&self, slot: usize) -> Instruction {
        match slot {
            0 => ix::distribute(&self.pool.side()),
            _ => ix::distribute_line(&self.lines[slot - 1].side(), &self.pool.router),
        }
    }

    /// `claim_rewards` in the line at `slot` to `fee_token`.
    pub fn claim_ix(&self, slot: usize, owner: &Pubkey, fee_token: &Pubkey) -> Instruction {
        ix::claim_rewards_in(&self.line(slot).side(), &self.pool.router, owner, fee_token)
    }

    /// One `claim_rewards` per line, in one transaction.
    pub fn claim_all_ixs(&self, owner: &Pubkey, fee_tokens: &[Pubkey]) -> Vec<Instruction> {
        (0..=self.lines.len())
            .map(|slot| self.claim_ix(slot, owner, &fee_tokens[slot]))
            .collect()
    }

    /// The line at `slot` (the pool's own at 0).
    pub fn line(&self, slot: usize) -> &RouterFixture {
        if slot == 0 {
            &self.pool
        } else {
            &self.lines[slot - 1]
        }
    }
}
