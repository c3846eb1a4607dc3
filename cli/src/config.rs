//! Global options and their defaults from the Solana CLI config file, as the `solana` CLI does.
use anyhow::{anyhow, Result};
use solana_commitment_config::CommitmentConfig;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// RPC URL, or a moniker: m[ainnet-beta], d[evnet], t[estnet], l[ocalhost].
    #[arg(short = 'u', long = "url", global = true)]
    pub url: Option<String>,
    /// Keypair file that signs and pays.
    #[arg(short = 'k', long = "keypair", global = true)]
    pub keypair: Option<String>,
    /// Commitment: processed, confirmed or finalized.
    #[arg(long, global = true)]
    pub commitment: Option<String>,
    /// Solana CLI config file to take defaults from.
    #[arg(short = 'C', long = "config", global = true)]
    pub config_file: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The options after defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub url: String,
    pub keypair: String,
    pub commitment: CommitmentConfig,
}

/// Expands the `solana` CLI's URL monikers.
pub fn normalize_url(url: &str) -> String {
    match url {
        "m" | "mainnet-beta" => "https://api.mainnet-beta.solana.com".into(),
        "d" | "devnet" => "https://api.devnet.solana.com".into(),
        "t" | "testnet" => "https://api.testnet.solana.com".into(),
        "l" | "localhost" => "http://localhost:8899".into(),
        other => other.into(),
    }
}

impl GlobalArgs {
    /// Applies the config file (given, or the Solana CLI's default) under the flags.
    pub fn resolve(&self) -> Result<Resolved> {
        let path = self
            .config_file
            .clone()
            .or_else(|| solana_cli_config::CONFIG_FILE.clone());
        let file = path
            .as_deref()
            .and_then(|p| solana_cli_config::Config::load(p).ok())
            .unwrap_or_default();
        let url = normalize_url(self.url.as_deref().unwrap_or(&file.json_rpc_url));
        let keypair = self.keypair.clone().unwrap_or(file.keypair_path);
        let commitment = self.commitment.as_deref().unwrap_or(&file.commitment);
        let commitment = commitment.parse::<CommitmentConfig>().map_err(|_| {
            anyhow!("unknown commitment {commitment:?}: use processed, confirmed or finalized")
        })?;
        Ok(Resolved {
            url,
            keypair,
            commitment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_monikers_expand_like_the_solana_cli() {
        assert_eq!(normalize_url("d"), "https://api.devnet.solana.com");
        assert_eq!(normalize_url("l"), "http://localhost:8899");
        assert_eq!(
            normalize_url("http://127.0.0.1:8899"),
            "http://127.0.0.1:8899"
        );
    }

    #[test]
    fn flags_override_the_config_file() {
        let dir = std::env::temp_dir().join(format!("fee-router-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.yml");
        std::fs::write(
            &path,
            "json_rpc_url: http://127.0.0.1:9999\nwebsocket_url: ''\nkeypair_path: /tmp/id.json\ncommitment: finalized\n",
        )
        .unwrap();
        let from_file = GlobalArgs {
            config_file: Some(path.display().to_string()),
            ..Default::default()
        };
        let r = from_file.resolve().unwrap();
        assert_eq!(r.url, "http://127.0.0.1:9999");
        assert_eq!(r.keypair, "/tmp/id.json");
        assert_eq!(r.commitment, CommitmentConfig::finalized());

        let flags = GlobalArgs {
            url: Some("d".into()),
            keypair: Some("/tmp/other.json".into()),
            commitment: Some("processed".into()),
            ..from_file
        };
        let r = flags.resolve().unwrap();
        assert_eq!(r.url, "https://api.devnet.solana.com");
        assert_eq!(r.keypair, "/tmp/other.json");
        assert_eq!(r.commitment, CommitmentConfig::processed());
        assert!(GlobalArgs {
            commitment: Some("soon".into()),
            ..flags
        }
        .resolve()
        .is_err());
    }
}
