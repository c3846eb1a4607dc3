//! A router set up with its mints, keys and vault addresses, for tests that start from one.
use anchor_lang::prelude::Pubkey;
use fee_router::state::Router;
use fee_router_sdk::{ix, pda, pda::VaultKind};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::harness::{MintSpec, TestEnv, TxOutcome};

/// The keys and addresses of one router.
pub struct RouterFixture {
    pub creator: Keypair,
    pub authority: Keypair,
    pub guardian: Keypair,
    pub fee_mint: Pubkey,
    pub protocol_mint: Pubkey,
    pub fee_token_program: Pubkey,
    pub protocol_token_program: Pubkey,
    pub router: Pubkey,
}

impl RouterFixture {
    /// Mints and keys for a router, not yet initialised.
    pub async fn prepare(env: &mut TestEnv, fee: MintSpec, protocol: MintSpec) -> Self {
        let creator = env.funded_user(10).await;
        let authority = env.funded_user(1).await;
        let guardian = env.funded_user(1).await;
        let fee_mint = env.create_mint(fee).await;
        let protocol_mint = env.create_mint(protocol).await;
        let router = pda::router(&creator.pubkey(), &fee_mint, &protocol_mint);
        RouterFixture {
            creator,
            authority,
            guardian,
            fee_mint,
            protocol_mint,
            fee_token_program: fee.token_program,
            protocol_token_program: protocol.token_program,
            router,
        }
    }

    /// A router initialised through the program.
    pub async fn new(env: &mut TestEnv, fee: MintSpec, protocol: MintSpec) -> Self {
        let f = Self::prepare(env, fee, protocol).await;
        f.initialize(env).await.expect_ok("initialize_router");
        f
    }

    /// The `initialize_router` builder for this fixture.
    pub fn init_ix(&self) -> ix::InitializeRouter {
        ix::InitializeRouter {
            creator: self.creator.pubkey(),
            fee_mint: self.fee_mint,
            protocol_mint: self.protocol_mint,
            fee_token_program: self.fee_token_program,
            protocol_token_program: self.protocol_token_program,
            authority: self.authority.pubkey(),
            guardian: self.guardian.pubkey(),
        }
    }

    pub async fn initialize(&self, env: &mut TestEnv) -> TxOutcome {
        env.send(&[self.init_ix().instruction()], &[&self.creator]).await
    }

    pub fn vault(&self, kind: VaultKind) -> Pubkey {
        pda::vault(&self.router, kind)
    }

    pub async fn state(&self, env: &mut TestEnv) -> Router {
        env.anchor_account(&self.router).await
    }
}
