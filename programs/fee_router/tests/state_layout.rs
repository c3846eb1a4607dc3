//! Zero-copy and borsh layouts of the router's nested types are the same bytes.
use anchor_lang::prelude::*;
use bytemuck::Zeroable;
use fee_router::state::*;

fn borsh<T: AnchorSerialize>(value: &T) -> Vec<u8> {
    borsh::to_vec(value).unwrap()
}

#[test]
fn nested_types_have_the_same_bytes_in_borsh_and_in_memory() {
    let split = DEFAULT_SPLITS[0];
    assert_eq!(borsh(&split), bytemuck::bytes_of(&split));
    assert_eq!(
        borsh(&DEFAULT_GUARD_RAILS),
        bytemuck::bytes_of(&DEFAULT_GUARD_RAILS)
    );
    let wide = Wide { lo: 1, hi: 2 };
    assert_eq!(borsh(&wide), bytemuck::bytes_of(&wide));
    let totals = Totals {
        pending_attributed: 9,
        ..Default::default()
    };
    assert_eq!(borsh(&totals), bytemuck::bytes_of(&totals));
    let vaults = Vaults::zeroed();
    assert_eq!(borsh(&vaults), bytemuck::bytes_of(&vaults));
}

#[test]
fn wide_round_trips_every_u128() {
    for v in [0u128, 1, u64::MAX as u128, u64::MAX as u128 + 1, u128::MAX] {
        let mut w = Wide::default();
        w.set(v);
        assert_eq!(w.get(), v);
    }
    let mut w = Wide::default();
    w.set(u128::MAX);
    assert!(w.add(1).is_err());
    assert_eq!(
        w.get(),
        u128::MAX,
        "a failed add leaves the value as it was"
    );
}
