// Every account of a router, derived at once.
import type { Address } from '@solana/kit';

import {
  findAuctionPda,
  findBuybackVaultPda,
  findDiscountVaultPda,
  findGovernancePda,
  findInsuranceFundPda,
  findInsuranceVaultPda,
  findIntakeVaultPda,
  findRebatesPda,
  findRouterPda,
  findStakersVaultPda,
  findStakeVaultPda,
} from './generated/pdas';

/** The addresses of a router's vaults and capability accounts (each the PDA's address). */
export type RouterAccounts = {
  router: Address;
  intakeVault: Address;
  buybackVault: Address;
  stakersVault: Address;
  insuranceVault: Address;
  discountVault: Address;
  stakeVault: Address;
  governance: Address;
  auction: Address;
  rebates: Address;
  insuranceFund: Address;
};

/** The router that `creator` makes for a fee mint and a protocol mint. */
export async function findRouterAddress(seeds: {
  creator: Address;
  feeMint: Address;
  protocolMint: Address;
}): Promise<Address> {
  return (await findRouterPda(seeds))[0];
}

/** Every PDA that belongs to `router`. */
export async function findRouterAccounts(router: Address): Promise<RouterAccounts> {
  const seeds = { router };
  const [
    intakeVault,
    buybackVault,
    stakersVault,
    insuranceVault,
    discountVault,
    stakeVault,
    governance,
    auction,
    rebates,
    insuranceFund,
  ] = await Promise.all(
    [
      findIntakeVaultPda,
      findBuybackVaultPda,
      findStakersVaultPda,
      findInsuranceVaultPda,
      findDiscountVaultPda,
      findStakeVaultPda,
      findGovernancePda,
      findAuctionPda,
      findRebatesPda,
      findInsuranceFundPda,
    ].map(async (find) => (await find(seeds))[0]),
  );
  return {
    router,
    intakeVault,
    buybackVault,
    stakersVault,
    insuranceVault,
    discountVault,
    stakeVault,
    governance,
    auction,
    rebates,
    insuranceFund,
  };
}
