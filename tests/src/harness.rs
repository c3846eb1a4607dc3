use std::path::PathBuf;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anchor_spl::token_2022::spl_token_2022::{
    self,
    extension::{
        transfer_fee::instruction::initialize_transfer_fee_config, BaseStateWithExtensions,
        ExtensionType, StateWithExtensions,
    },
    state::{Account as TokenAccountState, Mint as MintState},
};
use solana_account::Account;
use solana_clock::Clock;
pub use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_program_test::{ProgramTest, ProgramTestContext};
use solana_rent::Rent;
use solana_signer::Signer;
use solana_system_interface::instruction as system_instruction;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

/// The classic SPL Token program id (program-test runs p-token under it).
pub const SPL_TOKEN: Pubkey = anchor_spl::token::ID;
/// The Token-2022 program id.
pub const TOKEN_2022: Pubkey = anchor_spl::token_2022::ID;

/// Where the SBF build lands: `FEE_ROUTER_SO`, else `<repo>/target/deploy/fee_router.so`.
pub fn program_so_path() -> PathBuf {
    std::env::var_os("FEE_ROUTER_SO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/deploy/fee_router.so")
        })
}

/// Where the SBF build of the example exchange lands: `EXAMPLE_EXCHANGE_SO`, else
/// `<repo>/target/deploy/example_exchange.so`.
pub fn example_exchange_so_path() -> PathBuf {
    std::env::var_os("EXAMPLE_EXCHANGE_SO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/deploy/example_exchange.so")
        })
}

/// A program account holding an SBF build read from `path`.
fn program_account(path: &std::path::Path, name: &str, env_var: &str) -> Account {
    let data = std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "cannot read the SBF build of {name} at {} ({e}).\n\
             Build it first with `scripts/build-sbf.sh`, or point {env_var} at the .so.",
            path.display()
        )
    });
    Account {
        lamports: Rent::default().minimum_balance(data.len()).max(1),
        data,
        owner: solana_sdk_ids::bpf_loader::ID,
        executable: true,
        rent_epoch: 0,
    }
}

/// A mint to create: its token program, decimals and Token-2022 extensions.
#[derive(Clone, Copy, Debug)]
pub struct MintSpec {
    pub token_program: Pubkey,
    pub decimals: u8,
    /// Token-2022 transfer fee: (basis points, maximum fee).
    pub transfer_fee: Option<(u16, u64)>,
    /// The transfer fee has no config authority (nobody can change it).
    pub transfer_fee_fixed: bool,
    /// Token-2022 permanent delegate.
    pub permanent_delegate: Option<Pubkey>,
    /// Token-2022 mint close authority.
    pub close_authority: Option<Pubkey>,
    /// Token-2022 transfer hook: (authority, program).
    pub transfer_hook: Option<(Option<Pubkey>, Option<Pubkey>)>,
    /// Token-2022 pausable extension with this pause authority.
    pub pausable: Option<Pubkey>,
    /// Token-2022 non-transferable mint.
    pub non_transferable: bool,
    /// Token-2022 default account state frozen (needs a freeze authority: the payer's).
    pub default_frozen: bool,
    /// A freeze authority (the harness's payer) on the mint, as USDC has.
    pub freeze_authority: bool,
}

impl MintSpec {
    pub fn spl(decimals: u8) -> Self {
        Self {
            token_program: SPL_TOKEN,
            decimals,
            transfer_fee: None,
            transfer_fee_fixed: false,
            permanent_delegate: None,
            close_authority: None,
            transfer_hook: None,
            pausable: None,
            non_transferable: false,
            default_frozen: false,
            freeze_authority: false,
        }
    }
    pub fn token_2022(decimals: u8) -> Self {
        Self {
            token_program: TOKEN_2022,
            ..Self::spl(decimals)
        }
    }
    pub fn with_transfer_fee(self, bps: u16, max_fee: u64) -> Self {
        Self {
            transfer_fee: Some((bps, max_fee)),
            ..self
        }
    }
    /// A transfer fee no key can change: no transfer-fee config authority (what a protocol
    /// mint with a fee must have).
    pub fn with_fixed_transfer_fee(self, bps: u16, max_fee: u64) -> Self {
        Self {
            transfer_fee: Some((bps, max_fee)),
            transfer_fee_fixed: true,
            ..self
        }
    }
    pub fn with_permanent_delegate(self, delegate: Pubkey) -> Self {
        Self {
            permanent_delegate: Some(delegate),
            ..self
        }
    }
    pub fn with_close_authority(self, authority: Pubkey) -> Self {
        Self {
            close_authority: Some(authority),
            ..self
        }
    }
    pub fn with_transfer_hook(self, authority: Option<Pubkey>, program: Option<Pubkey>) -> Self {
        Self {
            transfer_hook: Some((authority, program)),
            ..self
        }
    }
    pub fn with_pausable(self, authority: Pubkey) -> Self {
        Self {
            pausable: Some(authority),
            ..self
        }
    }
    pub fn non_transferable(self) -> Self {
        Self {
            non_transferable: true,
            ..self
        }
    }
    pub fn default_frozen(self) -> Self {
        Self {
            default_frozen: true,
            freeze_authority: true,
            ..self
        }
    }
    pub fn with_freeze_authority(self) -> Self {
        Self {
            freeze_authority: true,
            ..self
        }
    }
}

/// What happened to one transaction.
#[derive(Debug)]
pub struct TxOutcome {
    pub result: Result<(), TransactionError>,
    pub compute_units: u64,
    pub logs: Vec<String>,
}

impl TxOutcome {
    /// Panics with the logs if the transaction failed.
    pub fn expect_ok(self, what: &str) -> Self {
        if let Err(e) = &self.result {
            panic!("{what} failed: {e:?}\n{}", self.logs.join("\n"));
        }
        self
    }
}

/// The custom error code of an instruction error, if any.
pub fn custom_error_code(outcome: &TxOutcome) -> Option<u32> {
    match &outcome.result {
        Err(TransactionError::InstructionError(_, InstructionError::Custom(code))) => Some(*code),
        _ => None,
    }
}

/// Asserts that the transaction failed with the given program error (a `FeeRouterError`, an
/// Anchor `ErrorCode`, or any code convertible to the custom error number).
#[track_caller]
pub fn assert_error(outcome: &TxOutcome, expected: impl Into<u32>) {
    let expected = expected.into();
    assert_eq!(
        custom_error_code(outcome),
        Some(expected),
        "expected custom error {expected} ({expected:#x}), got {:?}\n{}",
        outcome.result,
        outcome.logs.join("\n")
    );
}

/// Asserts that the transaction failed with a runtime (non-custom) instruction error.
#[track_caller]
pub fn assert_instruction_error(outcome: &TxOutcome, expected: InstructionError) {
    match &outcome.result {
        Err(TransactionError::InstructionError(_, e)) if *e == expected => {}
        other => panic!(
            "expected {expected:?}, got {other:?}\n{}",
            outcome.logs.join("\n")
        ),
    }
}

/// An in-process bank running the SBF build of fee-router.
pub struct TestEnv {
    pub ctx: ProgramTestContext,
    /// The Unix time the next transaction sees.
    pub now: i64,
    /// Where the harness's keypairs come from: seeded, so every run derives the same
    /// addresses, PDA bumps and therefore compute units.
    keys: rand::rngs::SmallRng,
}

/// The Unix time tests start at: 2026-01-01T00:00:00Z.
pub const START_TIME: i64 = 1_767_225_600;

impl TestEnv {
    /// Starts a bank with the SBF builds of fee-router and of the example exchange loaded at
    /// their program ids.
    pub async fn start() -> Self {
        let mut pt = ProgramTest::default();
        pt.prefer_bpf(true);
        pt.add_account(
            fee_router::ID,
            program_account(&program_so_path(), "fee-router", "FEE_ROUTER_SO"),
        );
        pt.add_account(
            example_exchange::ID,
            program_account(
                &example_exchange_so_path(),
                "the example exchange",
                "EXAMPLE_EXCHANGE_SO",
            ),
        );
        let ctx = pt.start_with_context().await;
        let mut env = TestEnv {
            ctx,
            now: START_TIME,
            keys: rand::SeedableRng::seed_from_u64(0xfee_5eed),
        };
        env.advance_slot().await;
        env
    }

    /// A new keypair from the harness's seeded sequence.
    pub fn keypair(&mut self) -> Keypair {
        Keypair::new_from_array(rand::Rng::gen(&mut self.keys))
    }

    /// The fee payer of every transaction.
    pub fn payer(&self) -> Keypair {
        self.ctx.payer.insecure_clone()
    }

    /// Moves the clock forward by `seconds` (the next transaction sees the new time).
    pub fn warp_seconds(&mut self, seconds: i64) {
        self.now += seconds;
    }

    /// Starts a new slot with a fresh blockhash and the harness's clock.
    async fn advance_slot(&mut self) {
        let mut clock: Clock = self.ctx.banks_client.get_sysvar().await.expect("clock");
        let slot = clock.slot + 1;
        self.ctx.warp_to_slot(slot).expect("warp");
        clock = self.ctx.banks_client.get_sysvar().await.expect("clock");
        clock.unix_timestamp = self.now;
        self.ctx.set_sysvar(&clock);
    }

    /// Sends one transaction paid by the harness's payer and signed also by `signers`.
    /// Every transaction runs in a new slot, so identical transactions never collide.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> TxOutcome {
        self.advance_slot().await;
        let payer = self.payer();
        let mut all: Vec<&Keypair> = vec![&payer];
        all.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey()),
        );
        let tx = Transaction::new_signed_with_payer(
            ixs,
            Some(&payer.pubkey()),
            &all,
            self.ctx.last_blockhash,
        );
        let res = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await
            .expect("banks client");
        let (compute_units, logs) = res
            .metadata
            .map(|m| (m.compute_units_consumed, m.log_messages))
            .unwrap_or_default();
        TxOutcome {
            result: res.result,
            compute_units,
            logs,
        }
    }

    /// Sends and panics with the logs on failure.
    pub async fn send_ok(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        what: &str,
    ) -> TxOutcome {
        self.send(ixs, signers).await.expect_ok(what)
    }

    /// A new keypair holding `sol` SOL.
    pub async fn funded_user(&mut self, sol: u64) -> Keypair {
        let user = self.keypair();
        let payer = self.payer();
        let ix = system_instruction::transfer(&payer.pubkey(), &user.pubkey(), sol * 1_000_000_000);
        self.send_ok(&[ix], &[], "fund user").await;
        user
    }

    /// Creates a mint whose mint authority is the harness's payer.
    pub async fn create_mint(&mut self, spec: MintSpec) -> Pubkey {
        let mint = self.keypair();
        let payer = self.payer();
        use spl_token_2022::extension::{default_account_state, pausable, transfer_hook};
        let t = &spec.token_program;
        let m = &mint.pubkey();
        let mut extensions = vec![];
        let mut init = vec![];
        if let Some((bps, max)) = spec.transfer_fee {
            extensions.push(ExtensionType::TransferFeeConfig);
            init.push(
                initialize_transfer_fee_config(
                    t,
                    m,
                    (!spec.transfer_fee_fixed).then(|| payer.pubkey()).as_ref(),
                    Some(&payer.pubkey()),
                    bps,
                    max,
                )
                .expect("fee config"),
            );
        }
        if let Some(delegate) = spec.permanent_delegate {
            extensions.push(ExtensionType::PermanentDelegate);
            init.push(
                spl_token_2022::instruction::initialize_permanent_delegate(t, m, &delegate)
                    .expect("delegate"),
            );
        }
        if let Some(authority) = spec.close_authority {
            extensions.push(ExtensionType::MintCloseAuthority);
            init.push(
                spl_token_2022::instruction::initialize_mint_close_authority(
                    t,
                    m,
                    Some(&authority),
                )
                .expect("close authority"),
            );
        }
        if let Some((authority, program)) = spec.transfer_hook {
            extensions.push(ExtensionType::TransferHook);
            init.push(
                transfer_hook::instruction::initialize(t, m, authority, program).expect("hook"),
            );
        }
        if let Some(authority) = spec.pausable {
            extensions.push(ExtensionType::Pausable);
            init.push(pausable::instruction::initialize(t, m, &authority).expect("pausable"));
        }
        if spec.non_transferable {
            extensions.push(ExtensionType::NonTransferable);
            init.push(
                spl_token_2022::instruction::initialize_non_transferable_mint(t, m)
                    .expect("non-transferable"),
            );
        }
        if spec.default_frozen {
            extensions.push(ExtensionType::DefaultAccountState);
            init.push(
                default_account_state::instruction::initialize_default_account_state(
                    t,
                    m,
                    &spl_token_2022::state::AccountState::Frozen,
                )
                .expect("default state"),
            );
        }
        let space =
            ExtensionType::try_calculate_account_len::<MintState>(&extensions).expect("len");
        let mut ixs = vec![system_instruction::create_account(
            &payer.pubkey(),
            &mint.pubkey(),
            Rent::default().minimum_balance(space),
            space as u64,
            &spec.token_program,
        )];
        ixs.extend(init);
        let freeze = spec.freeze_authority.then(|| payer.pubkey());
        ixs.push(
            spl_token_2022::instruction::initialize_mint2(
                t,
                m,
                &payer.pubkey(),
                freeze.as_ref(),
                spec.decimals,
            )
            .expect("init mint"),
        );
        self.send_ok(&ixs, &[&mint], "create mint").await;
        mint.pubkey()
    }

    /// Creates a token account of `mint` owned by `owner`.
    pub async fn create_token_account(&mut self, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
        let account = self.keypair();
        let payer = self.payer();
        let token_program = self.owner_of(mint).await;

        // The account extensions the mint requires (a transfer fee needs room for withheld
        // amounts, a pausable mint a pausable-account marker, ...).
        let mint_data = self.account(mint).await.expect("mint").data;
        let space =
            spl_token_2022::extension::account_len::try_calculate_account_len_from_mint_data(
                &mint_data,
                &[],
            )
            .expect("len");
        let ixs = [
            system_instruction::create_account(
                &payer.pubkey(),
                &account.pubkey(),
                Rent::default().minimum_balance(space),
                space as u64,
                &token_program,
            ),
            spl_token_2022::instruction::initialize_account3(
                &token_program,
                &account.pubkey(),
                mint,
                owner,
            )
            .expect("init account"),
        ];
        self.send_ok(&ixs, &[&account], "create token account")
            .await;
        account.pubkey()
    }

    /// Mints `amount` of `mint` (whose authority is the payer) to `account`.
    pub async fn mint_to(&mut self, mint: &Pubkey, account: &Pubkey, amount: u64) {
        let payer = self.payer();
        let token_program = self.owner_of(mint).await;
        let ix = spl_token_2022::instruction::mint_to(
            &token_program,
            mint,
            account,
            &payer.pubkey(),
            &[],
            amount,
        )
        .expect("mint_to");
        self.send_ok(&[ix], &[], "mint to").await;
    }

    /// A token account of `mint` for `owner`, funded with `amount`.
    pub async fn funded_token_account(
        &mut self,
        mint: &Pubkey,
        owner: &Pubkey,
        amount: u64,
    ) -> Pubkey {
        let account = self.create_token_account(mint, owner).await;
        if amount > 0 {
            self.mint_to(mint, &account, amount).await;
        }
        account
    }

    /// A plain `transfer_checked` from `from` (owned by `authority`) to `to`.
    pub async fn transfer(
        &mut self,
        mint: &Pubkey,
        from: &Pubkey,
        to: &Pubkey,
        authority: &Keypair,
        amount: u64,
    ) -> TxOutcome {
        let token_program = self.owner_of(mint).await;
        let decimals = self.mint_decimals(mint).await;
        let ix = spl_token_2022::instruction::transfer_checked(
            &token_program,
            from,
            mint,
            to,
            &authority.pubkey(),
            &[],
            amount,
            decimals,
        )
        .expect("transfer");
        self.send(&[ix], &[authority]).await
    }

    /// Overwrites an account, bypassing the runtime: for states no transaction can reach.
    pub fn set_account(&mut self, address: &Pubkey, account: Account) {
        self.ctx.set_account(address, &account.into());
    }

    /// The raw account, if it exists.
    pub async fn account(&mut self, address: &Pubkey) -> Option<Account> {
        self.ctx
            .banks_client
            .get_account(*address)
            .await
            .expect("get account")
    }

    /// The owning program of an account that must exist.
    pub async fn owner_of(&mut self, address: &Pubkey) -> Pubkey {
        self.account(address)
            .await
            .unwrap_or_else(|| panic!("no account {address}"))
            .owner
    }

    /// Deserialises an Anchor account.
    pub async fn anchor_account<T: AccountDeserialize>(&mut self, address: &Pubkey) -> T {
        let acc = self
            .account(address)
            .await
            .unwrap_or_else(|| panic!("no account {address}"));
        T::try_deserialize(&mut acc.data.as_slice()).expect("deserialize")
    }

    /// The token account's state (mint, owner, amount).
    pub async fn token_account(&mut self, address: &Pubkey) -> TokenAccountState {
        let acc = self
            .account(address)
            .await
            .unwrap_or_else(|| panic!("no account {address}"));
        StateWithExtensions::<TokenAccountState>::unpack(&acc.data)
            .expect("token account")
            .base
    }

    /// The spendable balance of a token account.
    pub async fn balance(&mut self, address: &Pubkey) -> u64 {
        self.token_account(address).await.amount
    }

    /// Transfer fees withheld in a Token-2022 account (0 for any other).
    pub async fn withheld(&mut self, address: &Pubkey) -> u64 {
        use spl_token_2022::extension::transfer_fee::TransferFeeAmount;
        let acc = self
            .account(address)
            .await
            .unwrap_or_else(|| panic!("no account {address}"));
        let state =
            StateWithExtensions::<TokenAccountState>::unpack(&acc.data).expect("token account");
        state
            .get_extension::<TransferFeeAmount>()
            .map(|f| u64::from(f.withheld_amount))
            .unwrap_or(0)
    }

    /// A mint's supply.
    pub async fn mint_supply(&mut self, mint: &Pubkey) -> u64 {
        let acc = self.account(mint).await.expect("mint");
        StateWithExtensions::<MintState>::unpack(&acc.data)
            .expect("mint")
            .base
            .supply
    }

    pub async fn mint_decimals(&mut self, mint: &Pubkey) -> u8 {
        let acc = self.account(mint).await.expect("mint");
        StateWithExtensions::<MintState>::unpack(&acc.data)
            .expect("mint")
            .base
            .decimals
    }
}

/// The events of type `E` the transaction emitted (Anchor's `Program data:` log lines).
pub fn events<E: anchor_lang::Event + anchor_lang::AnchorDeserialize>(
    outcome: &TxOutcome,
) -> Vec<E> {
    use base64::Engine;
    outcome
        .logs
        .iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|data| base64::engine::general_purpose::STANDARD.decode(data).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .filter_map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).ok())
        .collect()
}
