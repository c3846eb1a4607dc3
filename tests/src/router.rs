//! A router set up with its mints, keys and vault addresses, for tests that start from one.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::state::Router;
use fee_router_sdk::{ix, pda, pda::VaultKind};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::harness::{MintSpec, TestEnv, TxOutcome};

/// A staker's keys and token accounts.
pub struct Staker {
    pub owner: Keypair,
    /// Protocol-token account (stake comes from and returns here).
    pub protocol_token: Pubkey,
    /// Fee-token account (rewards are paid here).
    pub fee_token: Pubkey,
}

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
            acknowledged_fee_mint_powers: 0,
            shortfall_account: Pubkey::default(),
        }
    }

    pub async fn initialize(&self, env: &mut TestEnv) -> TxOutcome {
        env.send(&[self.init_ix().instruction()], &[&self.creator])
            .await
    }

    pub fn vault(&self, kind: VaultKind) -> Pubkey {
        pda::vault(&self.router, kind)
    }

    pub async fn state(&self, env: &mut TestEnv) -> Router {
        env.anchor_account(&self.router).await
    }

    /// Rewrites the router's state in place (bankrun-style), for states no instruction makes.
    pub async fn overwrite_state(&self, env: &mut TestEnv, change: impl FnOnce(&mut Router)) {
        let mut account = env.account(&self.router).await.expect("router");
        let size = std::mem::size_of::<Router>();
        let mut state: Router = bytemuck::pod_read_unaligned(&account.data[8..8 + size]);
        change(&mut state);
        account.data[8..8 + size].copy_from_slice(bytemuck::bytes_of(&state));
        env.set_account(&self.router, account);
    }

    /// Hands the router to its own governance (the authority proposes it, anyone accepts)
    /// and moves the clock a second, so stake active now votes on proposals made from now on.
    pub async fn hand_over_to_governance(&self, env: &mut TestEnv) {
        env.send_ok(
            &[ix::propose_authority(
                &self.router,
                &self.authority.pubkey(),
                pda::governance(&self.router),
            )],
            &[&self.authority],
            "propose the governance",
        )
        .await;
        env.send_ok(
            &[ix::accept_governance_authority(&self.router)],
            &[],
            "accept",
        )
        .await;
        env.warp_seconds(1);
    }

    /// What fee-token instructions need to know about this router.
    pub fn side(&self) -> ix::FeeSide {
        ix::FeeSide {
            router: self.router,
            fee_mint: self.fee_mint,
            fee_token_program: self.fee_token_program,
        }
    }

    /// A new user holding `amount` of the fee mint, and their token account.
    pub async fn fee_payer(&self, env: &mut TestEnv, amount: u64) -> (Keypair, Pubkey) {
        let user = env.funded_user(1).await;
        let account = env
            .funded_token_account(&self.fee_mint, &user.pubkey(), amount)
            .await;
        (user, account)
    }

    /// `deposit_fees` of `amount` from `payer`'s `payer_token`.
    pub async fn deposit(
        &self,
        env: &mut TestEnv,
        payer: &Keypair,
        payer_token: &Pubkey,
        amount: u64,
    ) -> TxOutcome {
        let ix = ix::deposit_fees(&self.side(), &payer.pubkey(), payer_token, amount);
        env.send(&[ix], &[payer]).await
    }

    /// `distribute`, cranked by the harness's payer.
    pub async fn distribute(&self, env: &mut TestEnv) -> TxOutcome {
        env.send(&[ix::distribute(&self.side())], &[]).await
    }

    /// What stake instructions need to know about this router.
    pub fn protocol_side(&self) -> ix::ProtocolSide {
        ix::ProtocolSide {
            router: self.router,
            protocol_mint: self.protocol_mint,
            protocol_token_program: self.protocol_token_program,
        }
    }

    /// A new user holding `amount` protocol tokens and an empty fee-token account.
    pub async fn new_staker(&self, env: &mut TestEnv, amount: u64) -> Staker {
        let owner = env.funded_user(1).await;
        let protocol_token = env
            .funded_token_account(&self.protocol_mint, &owner.pubkey(), amount)
            .await;
        let fee_token = env
            .create_token_account(&self.fee_mint, &owner.pubkey())
            .await;
        Staker {
            owner,
            protocol_token,
            fee_token,
        }
    }

    /// `stake`, opening the position in the same transaction the first time.
    pub async fn stake(&self, env: &mut TestEnv, s: &Staker, amount: u64) -> TxOutcome {
        let ixs = self.stake_ixs(env, s, amount).await;
        env.send(&ixs, &[&s.owner]).await
    }

    /// The instructions of a `stake`: `open_position` first when the position does not exist.
    pub async fn stake_ixs(&self, env: &mut TestEnv, s: &Staker, amount: u64) -> Vec<Instruction> {
        let owner = s.owner.pubkey();
        let mut ixs = vec![];
        if env
            .account(&pda::position(&self.router, &owner))
            .await
            .is_none()
        {
            ixs.push(ix::open_position(&self.router, &owner));
        }
        ixs.push(ix::stake(
            &self.protocol_side(),
            &owner,
            &s.protocol_token,
            amount,
        ));
        ixs
    }

    pub async fn request_unstake(&self, env: &mut TestEnv, s: &Staker, amount: u64) -> TxOutcome {
        env.send(
            &[ix::request_unstake(&self.router, &s.owner.pubkey(), amount)],
            &[&s.owner],
        )
        .await
    }

    pub async fn withdraw(&self, env: &mut TestEnv, s: &Staker) -> TxOutcome {
        let ix = ix::withdraw_unstaked(&self.protocol_side(), &s.owner.pubkey(), &s.protocol_token);
        env.send(&[ix], &[&s.owner]).await
    }

    pub async fn claim(&self, env: &mut TestEnv, s: &Staker) -> TxOutcome {
        let ix = ix::claim_rewards(&self.side(), &s.owner.pubkey(), &s.fee_token);
        env.send(&[ix], &[&s.owner]).await
    }

    /// The stake position of `owner`.
    pub async fn position(
        &self,
        env: &mut TestEnv,
        owner: &Pubkey,
    ) -> fee_router::state::StakePosition {
        env.anchor_account(&pda::position(&self.router, owner))
            .await
    }

    /// Deposits `amount` of fees from a fresh payer.
    pub async fn deposit_fresh(&self, env: &mut TestEnv, amount: u64) {
        let (payer, token) = self.fee_payer(env, amount).await;
        self.deposit(env, &payer, &token, amount)
            .await
            .expect_ok("deposit");
    }

    /// The four bucket vaults, in bucket order (buyback, stakers, insurance, discount).
    pub fn bucket_vaults(&self) -> [Pubkey; 4] {
        [
            self.vault(VaultKind::Buyback),
            self.vault(VaultKind::Stakers),
            self.vault(VaultKind::Insurance),
            self.vault(VaultKind::Discount),
        ]
    }

    /// Balances of the four bucket vaults, in bucket order.
    pub async fn bucket_balances(&self, env: &mut TestEnv) -> [u64; 4] {
        let mut out = [0; 4];
        for (slot, vault) in out.iter_mut().zip(self.bucket_vaults()) {
            *slot = env.balance(&vault).await;
        }
        out
    }

    /// The router account, the accounts of its capabilities and every vault, raw, for
    /// "nothing changed" assertions.
    pub async fn snapshot(&self, env: &mut TestEnv) -> Vec<Option<solana_account::Account>> {
        let mut out = vec![env.account(&self.router).await];
        for account in [
            pda::governance(&self.router),
            pda::auction(&self.router),
            pda::rebates(&self.router),
            pda::insurance_fund(&self.router),
        ] {
            out.push(env.account(&account).await);
        }
        for kind in VaultKind::ALL {
            out.push(env.account(&self.vault(kind)).await);
        }
        out
    }
}

impl RouterFixture {
    /// The router's discount rebates account.
    pub async fn rebates(&self, env: &mut TestEnv) -> fee_router::state::Rebates {
        env.anchor_account(&pda::rebates(&self.router)).await
    }

    /// The router's insurance fund account.
    pub async fn insurance_fund(&self, env: &mut TestEnv) -> fee_router::state::InsuranceFund {
        env.anchor_account(&pda::insurance_fund(&self.router)).await
    }

    /// Registers `rebate_authority` through the external authority's setter.
    pub async fn set_rebate_authority(&self, env: &mut TestEnv, rebate_authority: Pubkey) {
        let ix = ix::set_rebate_authority(&self.router, &self.authority.pubkey(), rebate_authority);
        env.send_ok(&[ix], &[&self.authority], "set_rebate_authority")
            .await;
    }

    /// Deposits `amount` and distributes it, so the four vaults hold the stage's shares.
    pub async fn fund_vaults(&self, env: &mut TestEnv, amount: u64) {
        self.deposit_fresh(env, amount).await;
        self.distribute(env).await.expect_ok("distribute");
    }
}
