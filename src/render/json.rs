//! The JSON contract: unrounded percentages, `null` where a base is empty.

use super::Exporter;
use crate::analysis::Results;

pub struct Json;

impl Exporter for Json {
    fn export(&self, results: &Results) -> anyhow::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(results)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
