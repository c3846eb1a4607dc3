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
    /// Amounts in base units, as typed and as printed (default: tokens of the mint, with the
    /// mint's decimals read from the chain; JSON always prints base units).
    #[arg(long, global = true)]
    pub base_units: bool,
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

/// A Solana CLI config file, or an error in one line saying why it cannot be used.
fn load(path: &str) -> Result<solana_cli_config::Config> {
    solana_cli_config::Config::load(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        };
        anyhow!("cannot read the Solana CLI config file {path}: {why}")
    })
}

impl GlobalArgs {
    /// Applies the config file (given, or the Solana CLI's default) under the flags.
    pub fn resolve(&self) -> Result<Resolved> {
        let file = match (&self.config_file, solana_cli_config::CONFIG_FILE.as_deref()) {
            // A file named with -C must be read: falling back to the defaults would send to
            // mainnet-beta what was meant for another cluster.
            (Some(path), _) => load(path)?,
            // The Solana CLI's own file, when there is one, must be readable too; without
            // one, its defaults apply, as in the `solana` CLI.
            (None, Some(path)) if std::path::Path::new(path).exists() => load(path)?,
            _ => solana_cli_config::Config::default(),
        };
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

    #[test]
    fn a_config_file_that_cannot_be_read_is_an_error_not_mainnet() {
        let dir =
            std::env::temp_dir().join(format!("fee-router-bad-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.yml");
        let garbage = dir.join("garbage.yml");
        std::fs::write(&garbage, "json_rpc_url: [unclosed\n").unwrap();
        for (path, why) in [
            (&missing, "there is no such file"),
            (&garbage, ""),
            (&dir, ""),
        ] {
            let e = GlobalArgs {
                config_file: Some(path.display().to_string()),
                ..Default::default()
            }
            .resolve()
            .unwrap_err()
            .to_string();
            assert!(
                e.starts_with(&format!(
                    "cannot read the Solana CLI config file {}",
                    path.display()
                )),
                "{e}"
            );
            assert!(e.contains(why), "{e}");
            assert_eq!(e.lines().count(), 1, "{e}");
        }
    }
}
